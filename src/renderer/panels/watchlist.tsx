import { useEffect, useState, type KeyboardEvent } from 'react';
import { useApi } from '../components/api-context.ts';
import { useSession } from '../state/session-store.ts';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import { EmptyState } from '../components/panel.tsx';
import { useMarket } from '../state/market-store.ts';
import { trendPoints, watchRows } from './watchlist-rows.ts';

const price = (p: number | null) => (p === null ? '–' : p.toFixed(2));
const volume = (v: number) => (v >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : String(v));

/**
 * The session's instruments (the simulator's, a replay's, or IB's) with last, change, bid/ask, the
 * day's volume and a small trend; a row (or the arrows and Enter) selects the instrument the chart,
 * the ladder and the tape show.
 */
export function Watchlist() {
  const { instruments, bars, depth, tape, selected } = useMarket();
  const traded = useTradedInstruments();
  const rows = watchRows(instruments, bars, depth, tape);
  if (rows.length === 0)
    return <EmptyState>The session's instruments will be listed here, with their quotes, once the engine is connected.</EmptyState>;
  const select = (id: string) => useMarket.getState().select(id as InstrumentId);
  const onKey = (e: KeyboardEvent) => {
    const at = rows.findIndex((r) => r.id === selected);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = rows[Math.min(rows.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) select(next.id);
    }
  };
  return (
    <>
      {traded.error && (
        <p className="note error" data-testid="watchlist-error">
          {traded.error}
        </p>
      )}
      <table className="grid-table watchlist" data-testid="watchlist" tabIndex={0} onKeyDown={onKey} aria-label="Watchlist">
        <thead>
          <tr>
            <th>symbol</th>
            <th>last</th>
            <th>chg</th>
            <th>bid</th>
            <th>ask</th>
            <th>vol</th>
            <th>trend</th>
            <th title="Which instruments the agents trade (the setting session.instruments; none listed: all). A change restarts the engine.">
              on
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.id}
              data-instrument={r.id}
              aria-selected={r.id === selected}
              className={r.id === selected ? 'selected' : undefined}
              onClick={() => select(r.id)}
            >
              <td title={`${r.id} (${r.venue})`}>
                {r.symbol}
                {depth[r.id]?.delayed && (
                  <span className="badge warn" title="IB's delayed data: the account has no market data subscription for it">
                    DELAYED
                  </span>
                )}
              </td>
              <td>{price(r.last)}</td>
              <td
                className={r.change === null ? undefined : r.change >= 0 ? 'up' : 'down'}
                title={
                  r.change === null
                    ? undefined
                    : `${r.change >= 0 ? '+' : ''}${r.change.toFixed(2)} since the close of the day before (or the first bar shown)`
                }
              >
                {r.changePct === null ? '–' : `${r.changePct >= 0 ? '+' : ''}${(r.changePct * 100).toFixed(2)} %`}
              </td>
              <td>{price(r.bid)}</td>
              <td>{price(r.ask)}</td>
              <td>{volume(r.volume)}</td>
              <td>
                <svg width="40" height="14" aria-hidden="true" className="trend">
                  <polyline points={trendPoints(r.trend, 40, 14)} fill="none" strokeWidth="1.2" />
                </svg>
              </td>
              <td onClick={(e) => e.stopPropagation()}>
                <input
                  type="checkbox"
                  aria-label={`Agents trade ${r.symbol}`}
                  disabled={traded.list === null || traded.saving}
                  checked={traded.list === null ? false : traded.list.length === 0 || traded.list.includes(r.id)}
                  onChange={(e) =>
                    traded.set(
                      r.id,
                      e.target.checked,
                      instruments.map((i) => i.id),
                    )
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * The setting of which instruments the agents trade (`session.instruments`, read when the panel
 * opens and on each new engine port); `set` saves a change, which the engine restarts on.
 */
function useTradedInstruments() {
  const api = useApi();
  const epoch = useSession((s) => s.link.epoch);
  const [list, setList] = useState<string[] | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.settings.get({}).then(
      (r) => setList(r.settings.session.instruments),
      (err: Error) => setError(`the setting of which instruments the agents trade could not be read: ${err.message}`),
    );
  }, [api, epoch]);
  const set = (id: string, trade: boolean, all: readonly string[]) => {
    const current = list === null || list.length === 0 ? [...all] : list;
    const next = trade ? [...new Set([...current, id])] : current.filter((x) => x !== id);
    if (next.length === 0) return setError('the agents must trade at least one instrument; turn them off with "Agents trade: off" instead');
    setSaving(true);
    api.settings.save({ edits: [{ path: 'session.instruments', value: next.length === all.length ? [] : next }], by: 'ui' }).then(
      (r) => {
        setSaving(false);
        if (r.saved) {
          setList(next.length === all.length ? [] : next);
          setError(null);
        } else setError(r.problems.map((p) => `${p.path}: ${p.message}`).join('; ') || r.message);
      },
      (err: Error) => {
        setSaving(false);
        setError(err.message);
      },
    );
  };
  return { list, saving, error, set };
}
