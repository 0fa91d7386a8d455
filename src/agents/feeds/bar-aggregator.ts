import { toQuantity, type Price } from '../../shared/domain/branded.ts';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import type { EventOf } from '../../shared/messages/events.ts';

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

/**
 * Closes the bar in progress at `now` as a BarClosed event: it opened at the last interval
 * boundary (or right after the previous bar), and prices go from ticks through `price`.
 */
export function closeBar(
  bar: BarInProgress,
  o: { instrumentId: InstrumentId; intervalMs: number; now: number; source: string; price: (ticks: number) => Price },
): EventOf<'BarClosed'> {
  const interval = o.intervalMs;
  const aligned = Math.floor(o.now / interval) * interval - interval;
  const ts = bar.lastTs === null ? aligned : Math.max(aligned, bar.lastTs + interval);
  const b = rollBar(bar, ts);
  return {
    type: 'BarClosed',
    tsEvent: ts + interval,
    tsInit: o.now,
    source: o.source,
    bar: {
      instrumentId: o.instrumentId,
      intervalMs: interval,
      ts,
      open: o.price(b.open),
      high: o.price(b.high),
      low: o.price(b.low),
      close: o.price(b.close),
      volume: toQuantity(b.volume),
    },
  };
}
