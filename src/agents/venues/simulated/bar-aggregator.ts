/** OHLCV of one bar in the making, in integer ticks; a bar without trades is flat at the last price. */
export interface BarInProgress {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Start of the last bar that was closed, or null before the first. */
  lastTs: number | null;
}

export function newBar(priceTicks: number): BarInProgress {
  return { open: priceTicks, high: priceTicks, low: priceTicks, close: priceTicks, volume: 0, lastTs: null };
}

export function addTrade(bar: BarInProgress, priceTicks: number, qty: number): void {
  if (bar.volume === 0) {
    bar.open = bar.high = bar.low = priceTicks;
  } else {
    bar.high = Math.max(bar.high, priceTicks);
    bar.low = Math.min(bar.low, priceTicks);
  }
  bar.close = priceTicks;
  bar.volume += qty;
}

/** Returns the finished bar's values and starts the next one at its close. */
export function rollBar(bar: BarInProgress, ts: number): Omit<BarInProgress, 'lastTs'> & { ts: number } {
  const done = { open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume, ts };
  bar.open = bar.high = bar.low = bar.close;
  bar.volume = 0;
  bar.lastTs = ts;
  return done;
}
