import { decimalsOf } from '../../shared/domain/branded.ts';
import { percentFigure } from '../../shared/math/percent-figure.ts';
import { hasLimitPrice, hasStopPrice, type OrderType } from '../../shared/domain/orders.ts';

const DAY = 86_400_000;

/**
 * Time of day in UTC, to the second: how the blotters and logs show timestamps. A timestamp on
 * midnight UTC exactly is a daily bar's (a replay of daily data): it shows as its date, since every
 * such row would otherwise read 00:00:00.
 */
export function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % DAY === 0 ? iso.slice(0, 10) : iso.slice(11, 19);
}

/**
 * When a bar closed, as a trader names it. A daily bar closes at the next midnight UTC, so that
 * instant shows as the day that closed ("2002-07-12 close" for Friday's bar, stamped Saturday 00:00);
 * any other instant as its time of day, with its date when `withDate`.
 */
export function formatCloseTime(ms: number, withDate = false): string {
  if (ms % DAY === 0) return `${new Date(ms - DAY).toISOString().slice(0, 10)} close`;
  const iso = new Date(ms).toISOString();
  return withDate ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(11, 19);
}

export function formatAge(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}

/** A fraction as a percentage (0.123 → "12.3%"), "–" when there is none. */
export function formatPercent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? '–' : `${percentFigure(x, digits)}%`;
}

/**
 * A portfolio weight as a percentage: whole percents from 1 % up, two significant digits below
 * (a 0.05 % position shows as "0.052%", not "0%"), "–" when there is none.
 */
export function formatWeight(x: number | null | undefined): string {
  if (x === null || x === undefined) return '–';
  const pct = Math.abs(x * 100);
  return pct === 0 || pct >= 1 ? `${(x * 100).toFixed(0)}%` : `${(x * 100).toPrecision(2)}%`;
}

/** A price to its instrument's tick (a CSV's 909.929993 at a 0.01 tick reads 909.93); as given when the tick is unknown. */
export function formatPrice(x: number, tick: number | undefined): string {
  return tick ? x.toFixed(decimalsOf(tick)) : String(x);
}

/** A number with fixed decimals, "–" when there is none. */
export function formatFixed(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined ? '–' : x.toFixed(digits);
}

/** An agent as the panels name it: "technical", "regime", "model quorum-default" (the id in full is `agentId`). */
export function agentLabel(agentId: string): string {
  return agentId.replace(/^analyst\./, '').replace(/^model\./, 'model ');
}

const COMPACT = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 2 });
/** A volume in compact form: 1,430,000,000 → "1.43B". */
export const formatVolume = (x: number): string => COMPACT.format(x);

/** How an order is priced, in a few words: `market`, `limit 101.5`, `stop 99`, `stop 99 limit 98.5`, and `· outside RTH`. */
export function orderPricing(o: { type: OrderType; limitPrice?: number; stopPrice?: number; outsideRth?: boolean }): string {
  const parts = [
    o.type === 'market' ? 'market' : '',
    o.stopPrice !== undefined && hasStopPrice(o.type) ? `stop ${o.stopPrice}` : '',
    o.limitPrice !== undefined && hasLimitPrice(o.type) ? `limit ${o.limitPrice}` : '',
  ].filter(Boolean);
  return parts.join(' ') + (o.outsideRth ? ' · outside RTH' : '');
}
