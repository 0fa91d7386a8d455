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
    r[COL.sma20] = this.sma.update(c) ?? NaN;
    r[COL.ema20] = this.ema.update(c) ?? NaN;
    r[COL.rsi14] = this.rsi.update(c) ?? NaN;
    const m = this.macd.update(c);
    r[COL.macd] = m?.macd ?? NaN;
    r[COL.macd_signal] = m?.signal ?? NaN;
    r[COL.macd_hist] = m?.histogram ?? NaN;
    const b = this.bands.update(c);
    r[COL.bb_lower] = b?.lower ?? NaN;
    r[COL.bb_mid] = b?.mid ?? NaN;
    r[COL.bb_upper] = b?.upper ?? NaN;
    r[COL.atr14] = this.atr.update(bar) ?? NaN;
    r[COL.adx14] = this.adx.update(bar) ?? NaN;
    r[COL.obv] = this.obv.update(c, bar.volume);
    const s = this.stoch.update(bar.high, bar.low, c);
    r[COL.stoch_k] = s?.k ?? NaN;
    r[COL.stoch_d] = s?.d ?? NaN;
    r[COL.vwap] = this.vwap.update(bar.ts, bar.high, bar.low, c, bar.volume) ?? NaN;
    this.bars++;
    return r;
  }

  get(column: IndicatorColumn): number {
    return this.row[COL[column]]!;
  }

  /** Directional indicators behind the ADX (null while warming up). */
  get directional(): { plusDi: number | null; minusDi: number | null } {
    return { plusDi: this.adx.plusDi, minusDi: this.adx.minusDi };
  }
}

/** Runs an IndicatorSet over a whole series; rows[i] holds the values after bar i. */
export function computeIndicators(bars: readonly OhlcvBar[]): Float64Array[] {
  const set = new IndicatorSet();
  return bars.map((b) => Float64Array.from(set.update(b)));
}
