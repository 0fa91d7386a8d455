import { formatPrice, formatTime, formatVolume } from '../components/format.ts';
import { HeaderRow } from '../components/header-row.tsx';
import { VirtualRows } from '../components/virtual-rows.tsx';
import { useMarket } from '../state/market-store.ts';

const SHOWN = 30;

/**
 * The selected instrument's latest bars, newest first, with the change from the bar before: what a
 * bars-only replay has instead of an order book.
 */
export function RecentBars() {
  const bars = useMarket((s) => (s.selected ? s.bars[s.selected] : undefined));
  const tick = useMarket((s) => s.instruments.find((i) => i.id === s.selected)?.tickSize);
  if (!bars?.length) return null;
  const price = (x: number) => formatPrice(x, tick);
  const from = Math.max(0, bars.length - SHOWN);
  const rows = bars.slice(from).map((bar, i) => {
    const before = bars[from + i - 1];
    return { bar, change: before ? bar.close / before.close - 1 : null };
  });
  // Only the rows in view are rendered: a fast replay adds fifty bars a second.
  return (
    <VirtualRows
      testId="recent-bars"
      className="recent-bars"
      rows={rows.reverse()}
      rowKey={({ bar }) => String(bar.ts)}
      header={<HeaderRow columns={['bar', 'open', 'high', 'low', 'close', 'change', 'volume']} />}
      row={({ bar, change }) => (
        <tr>
          <td>{formatTime(bar.ts)}</td>
          <td>{price(bar.open)}</td>
          <td>{price(bar.high)}</td>
          <td>{price(bar.low)}</td>
          <td>{price(bar.close)}</td>
          <td className={change === null ? '' : change >= 0 ? 'up' : 'down'}>
            {change === null ? '–' : `${change >= 0 ? '+' : ''}${(change * 100).toFixed(2)}%`}
          </td>
          <td>{formatVolume(bar.volume)}</td>
        </tr>
      )}
    />
  );
}
