const DAY_MS = 86_400_000;

/** On-balance volume, starting at the first bar's volume (TA-Lib). */
export class Obv {
  private prevClose = NaN;
  value = NaN;

  update(close: number, volume: number): number {
    if (Number.isNaN(this.prevClose)) this.value = volume;
    else if (close > this.prevClose) this.value += volume;
    else if (close < this.prevClose) this.value -= volume;
    this.prevClose = close;
    return this.value;
  }
}

/**
 * Session VWAP: Σ typical price · volume / Σ volume since the start of the bar's UTC day (for daily
 * bars that is the bar's own typical price). NaN while the session has traded no volume.
 */
export class SessionVwap {
  private day = Number.NaN;
  private pv = 0;
  private volume = 0;
  value = NaN;

  update(ts: number, high: number, low: number, close: number, volume: number): number {
    const day = Math.floor(ts / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.pv = 0;
      this.volume = 0;
    }
    this.pv += ((high + low + close) / 3) * volume;
    this.volume += volume;
    this.value = this.volume > 0 ? this.pv / this.volume : NaN;
    return this.value;
  }
}
