import { RollingWindow } from './rolling-window.ts';

// Convention of every indicator here: `update` returns the new value, NaN while warming up, and
// values live in number fields that start at NaN (never null), so V8 keeps them unboxed and a
// million updates allocate nothing.

/** Simple moving average; NaN until `period` values have arrived. */
export class Sma {
  private readonly window: RollingWindow;
  value = NaN;

  readonly period: number;

  constructor(period: number) {
    this.period = period;
    this.window = new RollingWindow(period);
  }

  update(x: number): number {
    this.window.push(x);
    if (this.window.full) this.value = this.window.mean;
    return this.value;
  }
}

/**
 * Exponential moving average, TA-Lib convention: the first value is the simple average of the
 * first `period` inputs, then EMA = EMA + k·(x − EMA) with k = 2 / (period + 1).
 */
export class Ema {
  private readonly k: number;
  private sum = 0;
  private count = 0;
  value = NaN;

  readonly period: number;

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`EMA period must be a positive integer, got ${period}`);
    this.period = period;
    this.k = 2 / (period + 1);
  }

  update(x: number): number {
    if (this.count === this.period) {
      this.value += this.k * (x - this.value);
    } else {
      this.sum += x;
      if (++this.count === this.period) this.value = this.sum / this.period;
    }
    return this.value;
  }
}

/**
 * Wilder's smoothing: seeded with the simple average of the first `period` inputs, then
 * S = (S·(n − 1) + x) / n.
 */
export class WilderAverage {
  private sum = 0;
  private count = 0;
  value = NaN;

  readonly period: number;

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`period must be a positive integer, got ${period}`);
    this.period = period;
  }

  update(x: number): number {
    if (this.count === this.period) {
      this.value = (this.value * (this.period - 1) + x) / this.period;
    } else {
      this.sum += x;
      if (++this.count === this.period) this.value = this.sum / this.period;
    }
    return this.value;
  }
}
