/**
 * Wilder's average true range, updated in O(1) per bar: the first value is the simple mean of the
 * first `period` true ranges (the first bar's is high − low), then ATR = (ATR·(n−1) + TR) / n.
 */
export class WilderAtr {
  private readonly period: number;
  private prevClose: number | null = null;
  private sum = 0;
  private count = 0;
  private value: number | null = null;

  constructor(period = 14) {
    this.period = period;
  }

  update(bar: { high: number; low: number; close: number }): number | null {
    const tr =
      this.prevClose === null
        ? bar.high - bar.low
        : Math.max(bar.high - bar.low, Math.abs(bar.high - this.prevClose), Math.abs(bar.low - this.prevClose));
    this.prevClose = bar.close;
    if (this.value === null) {
      this.sum += tr;
      if (++this.count === this.period) this.value = this.sum / this.period;
    } else {
      this.value = (this.value * (this.period - 1) + tr) / this.period;
    }
    return this.value;
  }

  get result(): number | null {
    return this.value;
  }
}
