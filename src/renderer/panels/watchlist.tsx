import type { KeyboardEvent } from 'react';
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
            <td title={`${r.id} (${r.venue})`}>{r.symbol}</td>
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
              <svg width="48" height="14" aria-hidden="true" className="trend">
                <polyline points={trendPoints(r.trend, 48, 14)} fill="none" strokeWidth="1.2" />
              </svg>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
