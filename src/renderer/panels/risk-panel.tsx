import { useState } from 'react';
import type { RiskLimits } from '../../shared/domain/risk.ts';
import { useApi } from '../components/api-context.ts';
import { formatTime } from '../components/format.ts';
import { EmptyState, Panel } from '../components/panel.tsx';
import { reportError } from '../state/session-store.ts';
import { useRisk } from '../state/risk-store.ts';
import { useSession } from '../state/session-store.ts';

const NUMBER_FIELDS: [keyof RiskLimits, string][] = [
  ['maxOrderQuantity', 'Max order quantity'],
  ['maxOrderNotional', 'Max order notional ($)'],
  ['maxPositionQuantity', 'Max position (units)'],
  ['maxGrossExposure', 'Max gross exposure ($)'],
  ['maxNetExposure', 'Max net exposure ($)'],
  ['maxConcentration', 'Max concentration (0–1)'],
  ['maxOrdersPerSecond', 'Orders per second'],
  ['maxOrdersPerMinute', 'Orders per minute'],
  ['priceBandPercent', 'Price band (%)'],
  ['priceBandAtr', 'Price band (ATRs, 0 = off)'],
  ['staleDataMs', 'Stale data after (ms)'],
  ['maxLeverage', 'Max leverage (×)'],
  ['dailyLossLimitPercent', 'Daily loss limit (%)'],
  ['maxDrawdownPercent', 'Max drawdown (%)'],
  ['minModelConfidence', 'Min model confidence (0–1)'],
];

const fmt = (x: number) => (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : String(Math.round(x * 1000) / 1000));

/** Every limit with its current usage, editing with validation (journaled), and the alert history. */
export function RiskPanel() {
  const trading = useSession((s) => s.trading);
  const { usage, alerts, limits, portfolioVar } = useRisk();
  const [editing, setEditing] = useState(false);
  const actions = (
    <button className="btn btn-small" onClick={() => setEditing(!editing)} disabled={!limits} data-testid="edit-limits">
      {editing ? 'close' : 'edit limits'}
    </button>
  );
  return (
    <Panel title="Risk" id="risk" area="risk" actions={actions}>
      <p className="note">
        Trading state: <b className={`state-text-${trading?.state ?? 'unknown'}`}>{trading?.state ?? '—'}</b>
        {trading && <span> — {trading.reason}</span>}
      </p>
      {editing && limits ? (
        <LimitsForm limits={limits} onDone={() => setEditing(false)} />
      ) : !usage.length ? (
        <EmptyState>Risk limits and their current usage will appear here once the engine answers.</EmptyState>
      ) : (
        <table className="grid-table" data-testid="limit-usage">
          <tbody>
            {usage.map((u) => (
              <tr key={u.key} data-limit={u.key}>
                <td>{u.label}</td>
                <td>
                  {fmt(u.current)} / {fmt(u.limit)} {u.unit}
                </td>
                <td>
                  <div className={`usage-bar ${u.usage > 1 ? 'over' : u.usage > 0.8 ? 'warn' : ''}`}>
                    <div style={{ width: `${Math.min(100, u.usage * 100)}%` }} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {portfolioVar && (
        <p className="note" data-testid="portfolio-var">
          {'reason' in portfolioVar
            ? `Portfolio VaR: ${portfolioVar.reason}.`
            : `VaR ${portfolioVar.level * 100} % per ${portfolioVar.barMs / 1000} s bar: $${fmt(portfolioVar.varMoney)} (${(portfolioVar.var * 100).toFixed(3)} %) · ES $${fmt(portfolioVar.esMoney)} · historical, ${portfolioVar.n} bars`}
        </p>
      )}
      {alerts.length > 0 && <AlertList />}
    </Panel>
  );
}

function LimitsForm(props: { limits: RiskLimits; onDone: () => void }) {
  const api = useApi();
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(NUMBER_FIELDS.map(([k]) => [k, String(props.limits[k])])),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const save = async () => {
    const next = { ...props.limits, ...Object.fromEntries(NUMBER_FIELDS.map(([k]) => [k, Number(draft[k])])) } as RiskLimits;
    try {
      const saved = await api.risk.setLimits(next);
      useRisk.getState().patch({ limits: saved });
      props.onDone();
    } catch (err) {
      setProblem((err as Error).message.replace(/^risk\.setLimits: /, ''));
    }
  };
  return (
    <div>
      <div className="limits-form" data-testid="limits-form">
        {NUMBER_FIELDS.map(([key, label]) => (
          <label key={key} style={{ display: 'contents' }}>
            <span>{label}</span>
            <input name={key} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
          </label>
        ))}
      </div>
      {problem && (
        <p className="problem" data-testid="limits-problem">
          {problem}
        </p>
      )}
      <div className="modal-actions">
        <button className="btn btn-resume" onClick={() => void save().catch(reportError)} data-testid="save-limits">
          Save
        </button>
        <button className="btn" onClick={props.onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/**
 * The latest alerts; a warning or critical one waits for the trader's acknowledgement (journaled).
 * Under `quorum serve` the browser may show them as notifications once the trader allows it.
 */
function AlertList() {
  const api = useApi();
  const alerts = useRisk((s) => s.alerts);
  const [permission, setPermission] = useState(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  const waiting = alerts.filter((a) => a.severity !== 'info' && !a.acknowledgedAt).length;
  const acknowledge = (seq: number) => api.risk.acknowledgeAlert({ seq }).catch(reportError);
  return (
    <>
      <div className="alerts-head">
        <span data-testid="alerts-waiting">{waiting ? `${waiting} alert${waiting === 1 ? '' : 's'} to acknowledge` : 'alerts'}</span>
        <span className="spacer" />
        {permission === 'default' && (
          <button
            className="btn btn-small"
            data-testid="allow-notifications"
            onClick={() => void Notification.requestPermission().then(setPermission)}
            title="Show warnings and critical alerts as notifications of this browser"
          >
            Notify me
          </button>
        )}
        {permission === 'granted' && <span className="note">notifications on</span>}
      </div>
      <table className="grid-table alert-table" data-testid="alerts">
        <tbody>
          {alerts.slice(0, 8).map((a) => (
            <tr key={a.seq} className={`alert-${a.severity}${a.acknowledgedAt ? ' acknowledged' : ''}`} data-seq={a.seq} data-code={a.code}>
              <td>{formatTime(a.ts)}</td>
              <td title={a.message}>{a.message}</td>
              <td>
                {a.acknowledgedAt ? (
                  <span title={`acknowledged ${formatTime(a.acknowledgedAt)}`}>✓</span>
                ) : a.severity !== 'info' ? (
                  <button className="btn btn-small" data-testid={`ack-${a.seq}`} onClick={() => void acknowledge(a.seq)}>
                    ack
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
