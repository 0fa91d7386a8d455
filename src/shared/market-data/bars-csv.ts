import type { Bar } from '../domain/market.ts';
import type { InstrumentId } from '../domain/instrument.ts';

export interface ParsedBars {
  bars: Bar[];
  /** The bar length, inferred as the median gap between consecutive rows. */
  intervalMs: number;
  /** Rows skipped in lenient mode, with why. */
  skipped: { line: number; reason: string }[];
}

export type BarsCsvResult = { ok: true; value: ParsedBars } | { ok: false; error: string };

const TIME_COLUMNS = ['date', 'time', 'timestamp', 'datetime'];
const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** Prices and volumes outside these bounds are typing or export errors (1e308 had given metrics of null). */
const PRICE_RANGE = [1e-8, 1e12] as const;
const MAX_VOLUME = 1e15;

/**
 * A plain decimal number (`12`, `-0.5`, `1.2e3`), or null: JavaScript's `Number` also reads hex
 * (`0x1A`), binary (`0b11`), `Infinity` and the empty string (as 0), none of which a data file means.
 */
export function parseDecimal(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** ISO dates or date-times (UTC unless an offset is given), or epoch seconds / milliseconds. */
export function parseTimestamp(text: string): number | null {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return Math.round(n < 1e11 ? n * 1000 : n);
  }
  const ymd = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  // Date.parse rolls 2000-04-31 over to 05-01: a day the month does not have is refused.
  if (!ymd || !isCalendarDate(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]))) return null;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(t)
    ? `${t}T00:00:00Z`
    : /([zZ]|[+-]\d{2}:?\d{2})$/.test(t)
      ? t.replace(' ', 'T')
      : `${t.replace(' ', 'T')}Z`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Reads OHLCV bars: header names are case-insensitive (date, time or timestamp; open, high, low,
 * close, volume; other columns ignored). A malformed row stops the parse with `line N, field:
 * problem`; with `lenient` it is skipped and listed instead.
 */
export function parseBarsCsv(text: string, instrumentId: InstrumentId, options: { lenient?: boolean } = {}): BarsCsvResult {
  if (!text.trim()) return { ok: false, error: 'the file is empty' };
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase().replace(/^"|"$/g, ''));
  const timeCol = header.findIndex((h) => TIME_COLUMNS.includes(h));
  if (timeCol < 0) {
    const separator = /[;\t]/.exec(lines[0] ?? '')?.[0];
    const hint = separator ? ` (columns are separated by commas; this header uses ${separator === ';' ? 'semicolons' : 'tabs'})` : '';
    return { ok: false, error: `line 1: no date, time or timestamp column in the header${hint}` };
  }
  const cols = FIELDS.map((f) => header.indexOf(f));
  const missing = FIELDS.filter((_, i) => cols[i]! < 0);
  if (missing.length) return { ok: false, error: `line 1: the header has no ${missing.join(', ')} column` };

  const bars: Bar[] = [];
  const skipped: ParsedBars['skipped'] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const line = i + 1;
    const cells = lines[i]!.split(',');
    const problem =
      cells.length !== header.length
        ? `${cells.length} fields where the header has ${header.length} (a stray comma, or a shifted column?)`
        : rowProblem(cells, timeCol, cols, bars.at(-1)?.ts ?? null, bars.length === 1);
    if (typeof problem === 'string') {
      if (!options.lenient) return { ok: false, error: `line ${line}, ${problem}` };
      skipped.push({ line, reason: problem });
      continue;
    }
    bars.push({ instrumentId, intervalMs: 0, ...problem } as Bar);
  }
  if (bars.length === 0) return { ok: false, error: 'the file has no bars' };
  const intervalMs = medianGap(bars);
  for (const b of bars) (b as { intervalMs: number }).intervalMs = intervalMs;
  return { ok: true, value: { bars, intervalMs, skipped } };
}

/** The row's values, or what is wrong with it as `field: problem`. */
function rowProblem(cells: string[], timeCol: number, cols: number[], prevTs: number | null, afterFirstBar: boolean) {
  const ts = parseTimestamp(cells[timeCol] ?? '');
  if (ts === null) return `date: "${cells[timeCol] ?? ''}" is not an ISO date or epoch time`;
  if (prevTs !== null && ts <= prevTs) {
    // Many vendors export newest first: say so when the second row already goes back in time.
    const hint = afterFirstBar ? ' (the file runs newest first? Quorum reads bars oldest first: sort it by date)' : '';
    return `date: "${cells[timeCol]}" is not after the previous row${hint}`;
  }
  const v: Record<string, number> = {};
  for (let k = 0; k < FIELDS.length; k++) {
    const raw = (cells[cols[k]!] ?? '').trim();
    const n = parseDecimal(raw);
    if (n === null) return `${FIELDS[k]}: "${raw}" is not a number`;
    if (FIELDS[k] === 'volume' ? n < 0 : n <= 0) return `${FIELDS[k]}: ${n} must be ${FIELDS[k] === 'volume' ? '≥ 0' : '> 0'}`;
    if (FIELDS[k] === 'volume' ? n > MAX_VOLUME : n < PRICE_RANGE[0] || n > PRICE_RANGE[1])
      return FIELDS[k] === 'volume'
        ? `volume: ${n} is above the largest volume accepted (${MAX_VOLUME})`
        : `${FIELDS[k]}: ${n} is outside the prices accepted (${PRICE_RANGE[0]} to ${PRICE_RANGE[1]})`;
    v[FIELDS[k]!] = n;
  }
  if (v['high']! < Math.max(v['open']!, v['close']!, v['low']!)) return `high: ${v['high']} is below the open, close or low`;
  if (v['low']! > Math.min(v['open']!, v['close']!)) return `low: ${v['low']} is above the open or close`;
  return { ts, open: v['open'], high: v['high'], low: v['low'], close: v['close'], volume: v['volume'] };
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function medianGap(bars: readonly Bar[]): number {
  if (bars.length < 2) return 86_400_000;
  const gaps = bars
    .slice(1)
    .map((b, i) => b.ts - bars[i]!.ts)
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}
