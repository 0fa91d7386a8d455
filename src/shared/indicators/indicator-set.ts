import { Ema, Sma } from './moving-averages.ts';
import { Macd, Rsi, Stochastic } from './oscillators.ts';
import { Adx, Atr, Bollinger } from './volatility.ts';
import { Obv, SessionVwap } from './volume.ts';

/** The standard columns, in the order `quorum indicators` writes them. */
export const INDICATOR_COLUMNS = [
  'sma20',
  'ema20',
  'rsi14',
  'macd',
  'macd_signal',
  'macd_hist',
  'bb_lower',
  'bb_mid',
  'bb_upper',
  'atr14',
  'adx14',
  'obv',
  'stoch_k',
  'stoch_d',
  'vwap',
] as const;
export type IndicatorColumn = (typeof INDICATOR_COLUMNS)[number];

export interface OhlcvBar {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

// `update` writes by index in this order; a test checks every column against its reference.
const COL = Object.fromEntries(INDICATOR_COLUMNS.map((c, i) => [c, i])) as Record<IndicatorColumn, number>;

/**
 * Every standard indicator of one instrument, each updated in O(1) per bar. `update` writes into
 * one reused row (NaN while an indicator warms up), so a million bars allocate nothing.
 */
export class IndicatorSet {
  private readonly sma = new Sma(20);
  private readonly ema = new Ema(20);
  private readonly rsi = new Rsi(14);
  private readonly macd = new Macd(12, 26, 9);
  private readonly bands = new Bollinger(20, 2);
  private readonly atr = new Atr(14);
  private readonly adx = new Adx(14);
  private readonly obv = new Obv();
  private readonly stoch = new Stochastic(14, 3);
  private readonly vwap = new SessionVwap();
  readonly row = new Float64Array(INDICATOR_COLUMNS.length);
  bars = 0;

  update(bar: OhlcvBar): Float64Array {
    const r = this.row;
    const c = bar.close;
    r[0] = this.sma.update(c);
    r[1] = this.ema.update(c);
    r[2] = this.rsi.update(c);
    const m = this.macd;
    m.update(c);
    r[3] = m.macd;
    r[4] = m.signal;
    r[5] = m.histogram;
    const b = this.bands;
    b.update(c);
    r[6] = b.lower;
    r[7] = b.mid;
    r[8] = b.upper;
    r[9] = this.atr.update(bar);
    r[10] = this.adx.update(bar);
    r[11] = this.obv.update(c, bar.volume);
    const s = this.stoch;
    s.update(bar.high, bar.low, c);
    r[12] = s.k;
    r[13] = s.d;
    r[14] = this.vwap.update(bar.ts, bar.high, bar.low, c, bar.volume);
    this.bars++;
    return r;
  }

  get(column: IndicatorColumn): number {
    return this.row[COL[column]]!;
  }
}

/** Runs an IndicatorSet over a whole series; rows[i] holds the values after bar i. */
export function computeIndicators(bars: readonly OhlcvBar[]): Float64Array[] {
  const set = new IndicatorSet();
  return bars.map((b) => Float64Array.from(set.update(b)));
}
