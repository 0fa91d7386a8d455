import { RollingWindow } from './rolling-window.ts';

/** Simple moving average; null until `period` values have arrived. */
export class Sma {
  private readonly window: RollingWindow;
  value: number | null = null;

  readonly period: number;

  constructor(period: number) {
    this.period = period;
    this.window = new RollingWindow(period);
  }

  update(x: number): number | null {
    this.window.push(x);
    this.value = this.window.full ? this.window.mean : null;
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
  value: number | null = null;

  readonly period: number;

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`EMA period must be a positive integer, got ${period}`);
    this.period = period;
    this.k = 2 / (period + 1);
  }

  update(x: number): number | null {
    if (this.value !== null) {
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
  value: number | null = null;

  readonly period: number;

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`period must be a positive integer, got ${period}`);
    this.period = period;
  }

  update(x: number): number | null {
    if (this.value !== null) {
      this.value = (this.value * (this.period - 1) + x) / this.period;
    } else {
      this.sum += x;
      if (++this.count === this.period) this.value = this.sum / this.period;
    }
    return this.value;
  }
}
