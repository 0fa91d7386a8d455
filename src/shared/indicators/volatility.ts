import { WilderAverage } from './moving-averages.ts';
import { RollingWindow } from './rolling-window.ts';

export interface OhlcBar {
  high: number;
  low: number;
  close: number;
}

/** True range of a bar given the previous close. */
export function trueRange(high: number, low: number, prevClose: number): number {
  return Math.max(high - low, Math.abs(high - prevClose), Math.abs(low - prevClose));
}

/**
 * Average true range, TA-Lib convention: true ranges start at the second bar (they need a previous
 * close); Wilder's average of them, seeded with the simple mean of the first `period`, so the first
 * value is at bar `period`.
 */
export class Atr {
  private readonly average: WilderAverage;
  private prevClose = NaN;
  value = NaN;

  constructor(period = 14) {
    this.average = new WilderAverage(period);
  }

  update(bar: OhlcBar): number {
    if (!Number.isNaN(this.prevClose)) this.value = this.average.update(trueRange(bar.high, bar.low, this.prevClose));
    this.prevClose = bar.close;
    return this.value;
  }
}

/** Bollinger Bands: SMA(period) ± k · population standard deviation over the same window. */
export class Bollinger {
  private readonly window: RollingWindow;
  lower = NaN;
  mid = NaN;
  upper = NaN;

  readonly k: number;

  constructor(period = 20, k = 2) {
    this.k = k;
    this.window = new RollingWindow(period);
  }

  update(close: number): void {
    this.window.push(close);
    if (!this.window.full) return;
    this.mid = this.window.mean;
    const width = this.k * Math.sqrt(this.window.variance);
    this.lower = this.mid - width;
    this.upper = this.mid + width;
  }
}

/**
 * Average directional index, TA-Lib's algorithm: +DM/−DM and true range from the second bar; their
 * Wilder sums seeded over the first `period − 1` moves; DX = 100·|+DI − −DI| / (+DI + −DI); ADX is the
 * mean of the first `period` DX values, then Wilder-smoothed. The first value is at bar 2·period − 1.
 */
export class Adx {
  private prevHigh = NaN;
  private prevLow = NaN;
  private prevClose = NaN;
  private moves = -1;
  private plusDm = 0;
  private minusDm = 0;
  private tr = 0;
  private dxSum = 0;
  private dxCount = 0;
  value = NaN;
  plusDi = NaN;
  minusDi = NaN;

  readonly period: number;

  constructor(period = 14) {
    this.period = period;
  }

  update(bar: OhlcBar): number {
    const { prevHigh, prevLow, prevClose } = this;
    this.prevHigh = bar.high;
    this.prevLow = bar.low;
    this.prevClose = bar.close;
    if (++this.moves === 0) return this.value;
    const n = this.period;
    const up = bar.high - prevHigh;
    const down = prevLow - bar.low;
    const plus = up > 0 && up > down ? up : 0;
    const minus = down > 0 && down > up ? down : 0;
    const tr = trueRange(bar.high, bar.low, prevClose);
    if (this.moves < n) {
      this.plusDm += plus;
      this.minusDm += minus;
      this.tr += tr;
      return this.value;
    }
    this.plusDm += plus - this.plusDm / n;
    this.minusDm += minus - this.minusDm / n;
    this.tr += tr - this.tr / n;
    const dx = this.directionalIndex();
    if (this.dxCount === n) {
      this.value = (this.value * (n - 1) + dx) / n;
    } else {
      this.dxSum += dx;
      if (++this.dxCount === n) this.value = this.dxSum / n;
    }
    return this.value;
  }

  private directionalIndex(): number {
    if (this.tr === 0) return 0;
    this.plusDi = (100 * this.plusDm) / this.tr;
    this.minusDi = (100 * this.minusDm) / this.tr;
    const sum = this.plusDi + this.minusDi;
    return sum === 0 ? 0 : (100 * Math.abs(this.plusDi - this.minusDi)) / sum;
  }
}
