import type { Bar } from '../domain/market.ts';
import type { InstrumentId } from '../domain/instrument.ts';
import { BarColumns } from './bar-columns.ts';

export interface ParsedBars {
  bars: Bar[];
  /** The bar length, inferred as the median gap between consecutive rows. */
  intervalMs: number;
  /** Rows skipped in lenient mode, with why. */
  skipped: { line: number; reason: string }[];
}

export type BarsCsvResult = { ok: true; value: ParsedBars } | { ok: false; error: string };

export interface ParsedBarColumns extends Omit<ParsedBars, 'bars'> {
  columns: BarColumns;
}

const TIME_COLUMNS = ['date', 'time', 'timestamp', 'datetime'];
const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;
const COLUMNS = ['ts', ...FIELDS] as const;

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
  const parsed = parseBarColumns(text, instrumentId, options);
  if (!parsed.ok) return parsed;
  const { columns, intervalMs, skipped } = parsed.value;
  return { ok: true, value: { bars: columns.toArray(), intervalMs, skipped } };
}

/** A text's lines, each without its line break (a CRLF's CR too). */
export function* textLines(text: string): Generator<string> {
  for (let at = 0; at <= text.length;) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    yield text.slice(at, end > at && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    at = end + 1;
  }
}

type Columns = Record<(typeof COLUMNS)[number], Float64Array>;
const allocate = (rows: number) => Object.fromEntries(COLUMNS.map((c) => [c, new Float64Array(rows)])) as Columns;

/**
 * `parseBarsCsv` into columns (`BarColumns`: 48 bytes a bar instead of a ~200-byte object), from the
 * text or from its lines as a file is read (`expectedRows` sizes the columns; they grow if it is short).
 */
export function parseBarColumns(
  source: string | Iterable<string>,
  instrumentId: InstrumentId,
  options: { lenient?: boolean } = {},
  expectedRows = 1_024,
): { ok: true; value: ParsedBarColumns } | { ok: false; error: string } {
  const lines = (typeof source === 'string' ? textLines(source) : source)[Symbol.iterator]();
  const first = lines.next();
  const firstLine = first.done ? '' : first.value;
  if (!firstLine.trim()) {
    let blank = true;
    for (let l = lines.next(); !l.done && blank; l = lines.next()) blank = !l.value.trim();
    if (blank) return { ok: false, error: 'the file is empty' };
  }
  const header = firstLine.split(',').map((h) => h.trim().toLowerCase().replace(/^"|"$/g, ''));
  const timeCol = header.findIndex((h) => TIME_COLUMNS.includes(h));
  if (timeCol < 0) {
    const separator = /[;\t]/.exec(firstLine)?.[0];
    const hint = separator ? ` (columns are separated by commas; this header uses ${separator === ';' ? 'semicolons' : 'tabs'})` : '';
    return { ok: false, error: `line 1: no date, time or timestamp column in the header${hint}` };
  }
  const cols = FIELDS.map((f) => header.indexOf(f));
  const missing = FIELDS.filter((_, i) => cols[i]! < 0);
  if (missing.length) return { ok: false, error: `line 1: the header has no ${missing.join(', ')} column` };

  let out = allocate(Math.max(16, expectedRows));
  let n = 0;
  const skipped: ParsedBars['skipped'] = [];
  let line = 1;
  for (let next = lines.next(); !next.done; next = lines.next()) {
    line++;
    const row = next.value;
    if (row.trim() === '') continue;
    const cells = row.split(',');
    const problem =
      cells.length !== header.length
        ? `${cells.length} fields where the header has ${header.length} (a stray comma, or a shifted column?)`
        : rowProblem(cells, timeCol, cols, n ? out.ts[n - 1]! : null, n === 1);
    if (typeof problem === 'string') {
      if (!options.lenient) return { ok: false, error: `line ${line}, ${problem}` };
      skipped.push({ line, reason: problem });
      continue;
    }
    if (n === out.ts.length) {
      const grown = allocate(2 * n);
      for (const c of COLUMNS) grown[c].set(out[c]);
      out = grown;
    }
    for (const c of COLUMNS) out[c][n] = problem[c]!;
    n++;
  }
  if (n === 0) return { ok: false, error: 'the file has no bars' };
  // Views when little is left over; copies when the columns are much longer than the bars.
  const fit = (a: Float64Array) => (n >= 0.9 * a.length ? a.subarray(0, n) : a.slice(0, n));
  const columns = Object.fromEntries(COLUMNS.map((c) => [c, fit(out[c])])) as Columns;
  const intervalMs = medianGap(columns.ts);
  return { ok: true, value: { columns: new BarColumns(instrumentId, intervalMs, columns), intervalMs, skipped } };
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

function medianGap(ts: Float64Array): number {
  if (ts.length < 2) return 86_400_000;
  const gaps = new Float64Array(ts.length - 1);
  for (let i = 1; i < ts.length; i++) gaps[i - 1] = ts[i]! - ts[i - 1]!;
  return gaps.sort()[Math.floor(gaps.length / 2)]!;
}
