import type { Instrument } from '../../shared/domain/instrument.ts';
import type { Bar } from '../../shared/domain/market.ts';
import type { ViewData } from '../../shared/contracts/views.ts';
import type { ShownPrint } from '../state/market-store.ts';

/** How many closes the trend line draws. */
export const TREND_BARS = 40;
const DAY_MS = 86_400_000;

/** One watchlist row, from what the engine pushes of an instrument: bars, its book's top, the tape. */
export interface WatchRow {
  id: string;
  symbol: string;
  venue: string;
  last: number | null;
  /** From the last close of the day before the last bar's day (else the first bar shown). */
  change: number | null;
  changePct: number | null;
  bid: number | null;
  ask: number | null;
  /** The volume of the last bar's day. */
  volume: number;
  trend: number[];
}

/**
 * The watchlist's rows in the instruments' order. Days are UTC days here: a day boundary in the
 * exchange's time zone comes with the instruments' trading hours (issue 18).
 */
export function watchRows(
  instruments: readonly Instrument[],
  bars: Record<string, readonly Bar[] | undefined>,
  depth: Record<string, ViewData<'depth'> | undefined>,
  tape: Record<string, readonly ShownPrint[] | undefined>,
): WatchRow[] {
  return instruments.map((i) => {
    const series = bars[i.id] ?? [];
    const lastBar = series.at(-1);
    const lastPrint = tape[i.id]?.at(-1);
    const last = lastPrint && (!lastBar || lastPrint.ts >= lastBar.ts) ? lastPrint.price : (lastBar?.close ?? null);
    const day = lastBar ? Math.floor(lastBar.ts / DAY_MS) : null;
    const today = day === null ? [] : series.filter((b) => Math.floor(b.ts / DAY_MS) === day);
    const before = day === null ? undefined : series.findLast((b) => Math.floor(b.ts / DAY_MS) < day);
    const reference = before?.close ?? series[0]?.open ?? null;
    const change = last !== null && reference !== null ? last - reference : null;
    const book = depth[i.id];
    return {
      id: i.id,
      symbol: i.symbol,
      venue: i.venue,
      last,
      change,
      changePct: change !== null && reference ? change / reference : null,
      bid: book?.bids[0]?.price ?? null,
      ask: book?.asks[0]?.price ?? null,
      volume: today.reduce((v, b) => v + b.volume, 0),
      trend: series.slice(-TREND_BARS).map((b) => b.close),
    };
  });
}

/** The trend line's points in a `width` × `height` box (flat in the middle when the closes do not move). */
export function trendPoints(closes: readonly number[], width: number, height: number): string {
  if (closes.length < 2) return '';
  const low = Math.min(...closes);
  const span = Math.max(...closes) - low;
  return closes
    .map(
      (c, k) =>
        `${((k / (closes.length - 1)) * width).toFixed(1)},${(span ? height - ((c - low) / span) * height : height / 2).toFixed(1)}`,
    )
    .join(' ');
}
