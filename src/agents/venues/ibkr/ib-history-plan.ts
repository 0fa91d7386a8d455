import type { OhlcvBar } from '../../../shared/indicators/indicator-set.ts';
import { HISTORY_WHAT, type HistoryBarSize } from '../../../shared/market-data/history-download.ts';

export { HISTORY_WHAT, type HistoryBarSize };

/** IB's name for each bar size a download fetches. */
export const HISTORY_BAR_SIZES: Record<HistoryBarSize, string> = { '1d': '1 day', '1h': '1 hour', '5m': '5 mins', '1m': '1 min' };

const DAY_MS = 86_400_000;

/**
 * How much one request may ask for at each bar size: the largest duration IB's table of valid
 * duration and bar size settings allows (1 min bars: 1 D; 5 mins: 1 W; 1 hour: 1 M; 1 day: 1 Y),
 * in days so that pages meet exactly (IB's month and year are calendar ones).
 */
export const PAGE_SPAN: Record<HistoryBarSize, { duration: string; ms: number }> = {
  '1m': { duration: '1 D', ms: DAY_MS },
  '5m': { duration: '1 W', ms: 7 * DAY_MS },
  '1h': { duration: '30 D', ms: 30 * DAY_MS },
  '1d': { duration: '365 D', ms: 365 * DAY_MS },
};

/** One request: the bars in (end − span, end], `end` as IB reads it (UTC). */
export interface HistoryPage {
  index: number;
  startMs: number;
  endMs: number;
  endDateTime: string;
}

export const BAR_MS: Record<HistoryBarSize, number> = { '1d': DAY_MS, '1h': 3_600_000, '5m': 300_000, '1m': 60_000 };

/**
 * The pages from `fromMs` up to `toMs`, oldest first. Each overlaps the one before by a bar, so a
 * bar on a page's edge is fetched whether IB counts the edge in or out; the writer keeps each bar
 * once (only bars after the last one held).
 */
export function historyPages(bar: HistoryBarSize, fromMs: number, toMs: number): HistoryPage[] {
  const span = PAGE_SPAN[bar].ms;
  const pages: HistoryPage[] = [];
  for (let start = fromMs; start < toMs; start += span - BAR_MS[bar]) {
    const end = Math.min(start + span, toMs);
    pages.push({ index: pages.length, startMs: start, endMs: end, endDateTime: ibUtcDateTime(end) });
    if (end === toMs) break;
  }
  return pages;
}

/** `yyyyMMdd-HH:mm:ss`, the form IB reads as UTC. */
export function ibUtcDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 19)}`;
}

/**
 * A bar's time as IB sends it with `formatDate` 2: epoch seconds for intraday bars, the exchange's
 * date `yyyyMMdd` for daily ones (dated by that date, kept as that day's 00:00 UTC). Null when it is
 * neither.
 */
export function parseIbBarTime(text: string): number | null {
  const t = text.trim();
  if (/^\d{8}$/.test(t)) {
    const ms = Date.UTC(Number(t.slice(0, 4)), Number(t.slice(4, 6)) - 1, Number(t.slice(6, 8)));
    return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '') === t ? ms : null;
  }
  if (/^\d{9,11}$/.test(t)) return Number(t) * 1000;
  return null;
}

/** A bar as IB sends it and the CSV holds it. */
export type HistoryBar = OhlcvBar;

export const HISTORY_CSV_HEADER = 'timestamp,open,high,low,close,volume';

/** A row of the bars CSV `quorum backtest` reads: daily bars by date, intraday in UTC. */
export function historyCsvLine(bar: HistoryBarSize, b: HistoryBar): string {
  const iso = new Date(b.ts).toISOString();
  const time = bar === '1d' ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
  return `${time},${b.open},${b.high},${b.low},${b.close},${b.volume}`;
}

/** `YYYY-MM-DD` (UTC midnight) or a full ISO time; null when it is not a calendar date. */
export function parseDateOption(text: string): number | null {
  const t = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : t;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return /^\d{4}-\d{2}-\d{2}/.test(t) && new Date(ms).toISOString().slice(0, 10) !== t.slice(0, 10) ? null : ms;
}

/**
 * A download's range from its `from` and `to` as typed: a `to` given as a date alone includes that
 * whole day. Says which one is wrong, in the words of the option that carried it (`label`).
 */
export function parseDownloadRange(
  from: string,
  to: string,
  label: (field: 'from' | 'to') => string,
): { ok: true; fromMs: number; toMs: number } | { ok: false; error: string } {
  const fromMs = parseDateOption(from);
  if (fromMs === null) return { ok: false, error: `${label('from')} "${from}" is not a date (2024-01-31, or 2024-01-31T14:30:00Z)` };
  const toAt = parseDateOption(to);
  if (toAt === null) return { ok: false, error: `${label('to')} "${to}" is not a date (2024-01-31, or 2024-01-31T14:30:00Z)` };
  const toMs = /^\d{4}-\d{2}-\d{2}$/.test(to.trim()) ? toAt + DAY_MS : toAt;
  if (toMs <= fromMs) return { ok: false, error: `${label('to')} ${to} is not after ${label('from')} ${from}` };
  return { ok: true, fromMs, toMs };
}
