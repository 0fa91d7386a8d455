import { useEffect, useRef, useState } from 'react';
import { describeKillOutcome } from '../../shared/ipc/kill-outcome.ts';
import { useSession } from '../state/session-store.ts';
import { reportError } from '../state/session-store.ts';
import { useRisk } from '../state/risk-store.ts';
import { useApi } from './api-context.ts';

/**
 * The always-visible kill switch. The button asks "halt" or "halt and flatten"; Ctrl+Shift+H halts at
 * once. Both go through the host, which kills the engine if it does not answer. Resuming is a
 * deliberate, confirmed act.
 */
export function KillSwitch() {
  const api = useApi();
  const trading = useSession((s) => s.trading);
  const [dialog, setDialog] = useState(false);
  const [confirmResume, setConfirmResume] = useState(false);
  const haltButton = useRef<HTMLButtonElement>(null);
  const halted = trading?.state === 'HALTED';

  const engage = async (flatten: boolean) => {
    setDialog(false);
    try {
      const r = await api.killSwitch(flatten);
      useRisk.getState().patch({
        banner: {
          seq: 0,
          ts: Date.now(),
          severity: r.outcome === 'acknowledged' ? 'info' : 'critical',
          code: 'KILL_SWITCH',
          message: describeKillOutcome(r, flatten),
        },
      });
      useSession.getState().patch({ trading: { state: 'HALTED', reason: 'kill switch', changedAt: Date.now() } });
    } catch (err) {
      reportError(err);
    }
  };
  const resume = async () => {
    setConfirmResume(false);
    try {
      const status = await api.trading.resume({ reason: 'resumed by the trader' });
      useSession.getState().patch({ trading: status, error: null });
    } catch (err) {
      reportError(err);
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'h') {
        e.preventDefault();
        void engage(false);
      } else if (e.key === 'Escape') setDialog(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  useEffect(() => {
    if (dialog) haltButton.current?.focus();
  }, [dialog]);

  return (
    <>
      {halted ? (
        confirmResume ? (
          <span className="resume-confirm">
            Resume trading?
            <button className="btn btn-resume" data-testid="resume-confirm" onClick={() => void resume()}>
              Resume
            </button>
            <button className="btn" onClick={() => setConfirmResume(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button className="btn" data-testid="resume" onClick={() => setConfirmResume(true)}>
            Resume…
          </button>
        )
      ) : null}
      <button
        className="kill-switch"
        data-testid="kill-switch"
        title="Kill switch: halt all trading (Ctrl+Shift+H halts at once)"
        onClick={() => setDialog(true)}
      >
        ■ HALT
      </button>
      {dialog && (
        <div className="modal-backdrop" onClick={() => setDialog(false)}>
          <div className="modal" role="dialog" aria-label="Kill switch" onClick={(e) => e.stopPropagation()}>
            <h3>Halt all trading</h3>
            <p>Every open order at every venue is canceled and nothing new is sent. Trading stays halted until you resume it.</p>
            <div className="modal-actions">
              <button ref={haltButton} className="btn btn-danger" data-testid="halt-confirm" onClick={() => void engage(false)}>
                Halt
              </button>
              <button className="btn btn-danger" data-testid="halt-flatten" onClick={() => void engage(true)}>
                Halt and flatten
              </button>
              <button className="btn" onClick={() => setDialog(false)}>
                Cancel
              </button>
            </div>
            <p className="note">Halt and flatten also closes every position with market orders.</p>
          </div>
        </div>
      )}
    </>
  );
}
