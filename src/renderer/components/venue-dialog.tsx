import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { VENUE_BANNER, VenueSettingsSchema, type VenueMode, type VenueSettings } from '../../shared/domain/venue.ts';
import { useApi } from './api-context.ts';

type Form = { mode: VenueMode; host: string; port: string; clientId: string; account: string; symbols: string };

const MODES: { mode: VenueMode; label: string; note: string }[] = [
  { mode: 'sim', label: 'Simulated', note: 'the embedded exchange and its market simulator' },
  { mode: 'ib-paper', label: 'IB paper', note: 'an Interactive Brokers paper account (its id begins with D)' },
  { mode: 'ib-live', label: 'IB live', note: 'your Interactive Brokers live account: real money' },
];

const toForm = (s: VenueSettings): Form => ({
  mode: s.mode,
  host: s.host,
  port: String(s.port),
  clientId: String(s.clientId),
  account: s.account ?? '',
  symbols: s.symbols.join(','),
});

/** The form as settings, or the problem of each field that is wrong (checked with the engine's own schema). */
function parse(f: Form): { settings: VenueSettings | null; problems: Record<string, string> } {
  const r = VenueSettingsSchema.safeParse({
    mode: f.mode,
    host: f.host.trim(),
    port: Number(f.port),
    clientId: Number(f.clientId),
    account: f.account.trim() ? f.account.trim().toUpperCase() : null,
    symbols: f.symbols
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean),
  });
  if (r.success) return { settings: r.data, problems: {} };
  const problems: Record<string, string> = {};
  for (const issue of r.error.issues) problems[String(issue.path[0])] ??= issue.message;
  return { settings: null, problems };
}

/**
 * Where the profile trades: Simulated / IB paper / IB live, and where TWS or IB Gateway listens.
 * Each field says what is wrong beside it; going live asks for the account typed again. The engine
 * applies the switch's guards (no open orders, positions acknowledged, risk limits reviewed), checks
 * IB, journals the switch and restarts on it.
 */
export function VenueDialog(props: { onClose: () => void }) {
  const api = useApi();
  const [form, setForm] = useState<Form | null>(null);
  const [confirmLive, setConfirmLive] = useState('');
  const [carry, setCarry] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.venue.settings({}).then(
      (s) => setForm(toForm(s)),
      (err: Error) => setOutcome({ ok: false, text: err.message }),
    );
  }, [api]);
  const { settings, problems } = form ? parse(form) : { settings: null, problems: {} };
  const live = form?.mode === 'ib-live';
  const confirmProblem = live && confirmLive.trim() === '' ? 'type the live account id to confirm' : null;

  const apply = async () => {
    if (!settings || confirmProblem) return;
    setBusy(true);
    try {
      const r = await api.venue.switch({
        settings,
        carryPositions: carry,
        ...(live ? { confirmLive: confirmLive.trim().toUpperCase() } : {}),
      });
      setOutcome({ ok: true, text: r.message });
    } catch (err) {
      setOutcome({ ok: false, text: (err as Error).message.replace(/^venue\.switch: /, '') });
    } finally {
      setBusy(false);
    }
  };

  const field = (key: Exclude<keyof Form, 'mode'>, label: string, hint: string) => (
    <label style={{ display: 'contents' }}>
      <span>{label}</span>
      <span className="field">
        <input
          name={key}
          value={form?.[key] ?? ''}
          onChange={(e) => form && setForm({ ...form, [key]: e.target.value })}
          className={problems[key] ? 'invalid' : ''}
          aria-invalid={problems[key] ? true : undefined}
          placeholder={hint}
        />
        {problems[key] && (
          <span className="field-problem" data-testid={`venue-problem-${key}`}>
            {problems[key]}
          </span>
        )}
      </span>
    </label>
  );

  return createPortal(
    <div className="modal-backdrop" onClick={props.onClose}>
      <div className="modal modal-wide" role="dialog" aria-label="Venue" onClick={(e) => e.stopPropagation()} data-testid="venue-dialog">
        <h3 className="modal-title">Where this profile trades</h3>
        {!form ? (
          <p className="note">Reading the profile's venue…</p>
        ) : (
          <>
            <div className="venue-modes" role="radiogroup" aria-label="Mode">
              {MODES.map((m) => (
                <label key={m.mode} className={`venue-mode mode-banner mode-${VENUE_BANNER[m.mode].toLowerCase()}`}>
                  <input type="radio" name="mode" checked={form.mode === m.mode} onChange={() => setForm({ ...form, mode: m.mode })} />
                  {VENUE_BANNER[m.mode]} · {m.label}
                  <span className="note"> — {m.note}</span>
                </label>
              ))}
            </div>
            <div className="limits-form">
              {field('host', 'TWS / Gateway host', '127.0.0.1')}
              {field('port', 'API port', 'TWS 7497 paper / 7496 live; Gateway 4002 / 4001')}
              {field('clientId', 'Client id', 'not 0 (TWS manual orders)')}
              {field('account', 'Account', 'DU1234567 (optional on paper)')}
              {field('symbols', 'Stocks', 'AAPL,MSFT,SPY')}
              {live && (
                <label style={{ display: 'contents' }}>
                  <span>Confirm live account</span>
                  <span className="field">
                    <input
                      name="confirmLive"
                      value={confirmLive}
                      onChange={(e) => setConfirmLive(e.target.value)}
                      placeholder="type the live account id"
                    />
                    {confirmProblem && <span className="field-problem">{confirmProblem}</span>}
                  </span>
                </label>
              )}
              <label style={{ display: 'contents' }}>
                <span>Positions</span>
                <span>
                  <input type="checkbox" name="carryPositions" checked={carry} onChange={(e) => setCarry(e.target.checked)} /> carry the
                  positions held into the new mode
                </span>
              </label>
            </div>
            <p className="note">
              A switch needs no open orders; going live also needs the risk limits saved since the last switch. The engine restarts on the
              new venue with the agents' trading off.
            </p>
          </>
        )}
        {outcome && (
          <p className={outcome.ok ? 'note' : 'problem'} data-testid="venue-outcome">
            {outcome.text}
          </p>
        )}
        <div className="modal-actions">
          <button
            className={live ? 'btn btn-danger' : 'btn btn-resume'}
            disabled={!settings || Boolean(confirmProblem) || busy}
            onClick={() => void apply()}
            data-testid="venue-apply"
          >
            {busy ? 'Checking…' : live ? 'Go live' : 'Apply'}
          </button>
          <button className="btn" onClick={props.onClose}>
            Close
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
