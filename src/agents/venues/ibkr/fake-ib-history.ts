import { LiveClock } from '../../engine/live-clock.ts';
import type { HistoryBar } from './ib-history-plan.ts';

/** What a historical-data request asked for, read from its fields as @stoqey/ib writes them (server version 193). */
export interface FakeHistoryRequest {
  reqId: number;
  symbol: string;
  exchange: string;
  currency: string;
  endDateTime: string;
  barSize: string;
  duration: string;
  useRth: boolean;
  whatToShow: string;
  formatDate: number;
}

/**
 * reqHistoricalData (message 20): id, reqId, conId, symbol, secType, expiry, strike, right,
 * multiplier, exchange, primary exchange, currency, local symbol, trading class, include expired,
 * end date-time, bar size, duration, useRTH, what to show, format date, keep up to date, options.
 */
export function readHistoryRequest(fields: readonly string[]): FakeHistoryRequest {
  return {
    reqId: Number(fields[1]),
    symbol: fields[3]!,
    exchange: fields[9]!,
    currency: fields[11]!,
    endDateTime: fields[15]!,
    barSize: fields[16]!,
    duration: fields[17]!,
    useRth: fields[18] === '1',
    whatToShow: fields[19]!,
    formatDate: Number(fields[20]),
  };
}

/** `yyyyMMdd-HH:mm:ss` (UTC) as IB reads it, or null. */
function parseEnd(text: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : null;
}

/** `N S`, `N D`, `N W`, `N M`, `N Y` as milliseconds (days of 24 h, weeks of 7 days, months of 30, years of 365). */
function parseDuration(text: string): number | null {
  const m = /^(\d+) ([SDWMY])$/.exec(text);
  if (!m) return null;
  if (m[2] === 'S') return Number(m[1]) * 1_000;
  return Number(m[1]) * { D: 1, W: 7, M: 30, Y: 365 }[m[2] as 'D' | 'W' | 'M' | 'Y'] * 86_400_000;
}

/** One historical-data answer or error, as fields of the TWS messages the fake sends. */
export type FakeHistoryAnswer = { fields: (string | number)[] } | { error: { code: number; text: string } };

/**
 * The bars the fake gateway serves, per symbol and bar size, with IB's rules for an answer: the
 * bars in [end − duration, end), 162 "no data" for an empty window (a weekend, a holiday), 200 for a
 * symbol it does not know, and pacing violations a test injects.
 */
export class FakeHistory {
  private readonly bars = new Map<string, HistoryBar[]>();
  private readonly clock = new LiveClock();
  /** Requests answered so far (the pacing violations included). */
  readonly requests: FakeHistoryRequest[] = [];
  private pacingViolations = 0;
  /** Requests to answer before the injected violations begin. */
  private violationsAfter = 0;

  /** Symbols whose bars come from a generator when no series was set (`quorum ib gateway-sim`). */
  private generated: {
    symbols: ReadonlySet<string>;
    bars: (symbol: string, barSize: string, fromMs: number, toMs: number) => HistoryBar[];
  } | null = null;

  set(symbol: string, barSize: string, bars: HistoryBar[]): void {
    this.bars.set(`${symbol}|${barSize}`, bars);
  }

  generate(symbols: readonly string[], bars: (symbol: string, barSize: string, fromMs: number, toMs: number) => HistoryBar[]): void {
    this.generated = { symbols: new Set(symbols), bars };
  }

  /** After `after` more requests, the next `count` are refused as pacing violations (162). */
  violatePacing(after: number, count: number): void {
    this.violationsAfter = after;
    this.pacingViolations = count;
  }

  answer(fields: readonly string[]): FakeHistoryAnswer & { reqId: number } {
    const r = readHistoryRequest(fields);
    this.requests.push(r);
    const reqId = r.reqId;
    if (this.pacingViolations > 0 && this.violationsAfter-- <= 0) {
      this.pacingViolations--;
      return { reqId, error: { code: 162, text: 'Historical Market Data Service error message:Historical data request pacing violation' } };
    }
    const known = [...this.bars.keys()].some((key) => key.startsWith(`${r.symbol}|`)) || this.generated?.symbols.has(r.symbol);
    if (!known) return { reqId, error: { code: 200, text: 'No security definition has been found for the request' } };
    // An empty end is now, as IB reads it.
    const end = r.endDateTime === '' ? this.clock.now() : parseEnd(r.endDateTime);
    const span = parseDuration(r.duration);
    if (end === null || span === null)
      return {
        reqId,
        error: { code: 321, text: `Error validating request.-'bW' : cause - Invalid end date or duration ${r.endDateTime} ${r.duration}` },
      };
    const series = this.bars.get(`${r.symbol}|${r.barSize}`) ?? this.generated?.bars(r.symbol, r.barSize, end - span, end) ?? [];
    const inWindow = series.filter((b) => b.ts >= end - span && b.ts < end);
    if (inWindow.length === 0)
      return { reqId, error: { code: 162, text: 'Historical Market Data Service error message:HMDS query returned no data: ' + r.symbol } };
    const daily = r.barSize === '1 day';
    const rows = inWindow.flatMap((b) => [
      daily ? new Date(b.ts).toISOString().slice(0, 10).replaceAll('-', '') : Math.round(b.ts / 1000),
      b.open,
      b.high,
      b.low,
      b.close,
      b.volume,
      (b.high + b.low + b.close) / 3,
      1,
    ]);
    // historicalData (17), no version at server 193: reqId, start, end, count, then each bar.
    return { reqId, fields: [17, reqId, r.endDateTime, r.endDateTime, inWindow.length, ...rows] };
  }
}
