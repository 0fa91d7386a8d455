import { useEffect, useState } from 'react';
import { useSession } from '../state/session-store.ts';
import { reportError } from '../state/engine-sync.ts';
import { useApi } from './api-context.ts';

/**
 * The kill switch: one click (or Ctrl+Shift+H) halts trading at once. Resuming is deliberate: it
 * asks for confirmation and is journaled with its reason.
 */
export function KillSwitch() {
  const api = useApi();
  const trading = useSession((s) => s.trading);
  const [confirmResume, setConfirmResume] = useState(false);
  const halted = trading?.state === 'HALTED';

  const halt = async () => {
    try {
      const status = await api.trading.halt({ reason: 'kill switch pressed by the trader', flatten: false });
      useSession.getState().patch({ trading: status, error: null });
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
        void halt();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (halted) {
    return confirmResume ? (
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
    );
  }
  return (
    <button className="kill-switch" data-testid="kill-switch" title="Halt all trading (Ctrl+Shift+H)" onClick={() => void halt()}>
      ■ HALT
    </button>
  );
}
