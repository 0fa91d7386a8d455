import { Ema, Sma, WilderAverage } from './moving-averages.ts';
import { RollingExtreme } from './rolling-window.ts';

/**
 * Relative strength index, TA-Lib convention: gains and losses of close-to-close changes, both
 * smoothed by Wilder's average seeded with the simple mean of the first `period` changes; the first
 * value is at bar `period`. 0 when there was neither gain nor loss.
 */
export class Rsi {
  private readonly gains: WilderAverage;
  private readonly losses: WilderAverage;
  private prev = NaN;
  value = NaN;

  constructor(period = 14) {
    this.gains = new WilderAverage(period);
    this.losses = new WilderAverage(period);
  }

  update(close: number): number {
    if (!Number.isNaN(this.prev)) {
      const change = close - this.prev;
      const g = this.gains.update(change > 0 ? change : 0);
      const l = this.losses.update(change < 0 ? -change : 0);
      if (!Number.isNaN(g) && !Number.isNaN(l)) this.value = g + l === 0 ? 0 : (100 * g) / (g + l);
    }
    this.prev = close;
    return this.value;
  }
}

/**
 * MACD = EMA(fast) − EMA(slow) of the close, signal = EMA(signalPeriod) of MACD, histogram = MACD −
 * signal. Each EMA is seeded with the simple average of its own first inputs (so MACD starts at bar
 * slow − 1 and the signal `signalPeriod − 1` bars later).
 */
export class Macd {
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly signalEma: Ema;
  macd = NaN;
  signal = NaN;
  histogram = NaN;

  constructor(fast = 12, slow = 26, signal = 9) {
    this.fast = new Ema(fast);
    this.slow = new Ema(slow);
    this.signalEma = new Ema(signal);
  }

  update(close: number): void {
    const f = this.fast.update(close);
    const s = this.slow.update(close);
    if (Number.isNaN(f) || Number.isNaN(s)) return;
    this.macd = f - s;
    this.signal = this.signalEma.update(this.macd);
    this.histogram = this.macd - this.signal;
  }
}

/**
 * Fast stochastic: %K = 100·(close − lowest low) / (highest high − lowest low) over `period` bars
 * (0 when the range is empty, as TA-Lib does), %D = simple average of the last `dPeriod` %K.
 */
export class Stochastic {
  private readonly highs: RollingExtreme;
  private readonly lows: RollingExtreme;
  private readonly dAverage: Sma;
  k = NaN;
  d = NaN;

  constructor(period = 14, dPeriod = 3) {
    this.highs = new RollingExtreme(period, 'max');
    this.lows = new RollingExtreme(period, 'min');
    this.dAverage = new Sma(dPeriod);
  }

  update(high: number, low: number, close: number): void {
    const hh = this.highs.push(high);
    const ll = this.lows.push(low);
    if (!this.highs.full) return;
    const range = hh - ll;
    this.k = range > 0 ? (100 * (close - ll)) / range : 0;
    this.d = this.dAverage.update(this.k);
  }
}
