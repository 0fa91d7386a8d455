import type { Bar } from '../domain/market.ts';
import type { InstrumentId } from '../domain/instrument.ts';

const FIELDS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;
type Field = (typeof FIELDS)[number];

/**
 * One instrument's bars as columns of 64-bit floats: 48 bytes a bar, where a `Bar` object costs
 * ~200 (each of its numbers boxed on V8's heap). A backtest of a million bars keeps its data this
 * way and makes a `Bar` only for the step that publishes it. `between` and `slice` are views over
 * the same memory, not copies.
 */
export class BarColumns implements Iterable<Bar> {
  readonly instrumentId: InstrumentId;
  readonly intervalMs: number;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;

  constructor(instrumentId: InstrumentId, intervalMs: number, columns: Record<Field, Float64Array>) {
    this.instrumentId = instrumentId;
    this.intervalMs = intervalMs;
    this.ts = columns.ts;
    this.open = columns.open;
    this.high = columns.high;
    this.low = columns.low;
    this.close = columns.close;
    this.volume = columns.volume;
  }

  /** Bars (their numbers plain or branded) as columns. */
  static fromBars(
    bars: readonly { [K in keyof Bar]: Bar[K] extends number ? number : Bar[K] }[],
    instrumentId = bars[0]?.instrumentId,
    intervalMs = bars[0]?.intervalMs,
  ): BarColumns {
    if (instrumentId === undefined || intervalMs === undefined) throw new Error('no bars to hold, and no instrument or interval given');
    const columns = Object.fromEntries(FIELDS.map((f) => [f, Float64Array.from(bars, (b) => b[f])])) as Record<Field, Float64Array>;
    return new BarColumns(instrumentId, intervalMs, columns);
  }

  get length(): number {
    return this.ts.length;
  }

  /** Bar `i` as an object (made on each call). */
  bar(i: number): Bar {
    return {
      instrumentId: this.instrumentId,
      intervalMs: this.intervalMs,
      ts: this.ts[i]!,
      open: this.open[i]!,
      high: this.high[i]!,
      low: this.low[i]!,
      close: this.close[i]!,
      volume: this.volume[i]!,
    } as Bar;
  }

  /** The bars from index `start` up to (not including) `end`: a view. */
  slice(start: number, end = this.length): BarColumns {
    const columns = Object.fromEntries(FIELDS.map((f) => [f, this[f].subarray(start, end)])) as Record<Field, Float64Array>;
    return new BarColumns(this.instrumentId, this.intervalMs, columns);
  }

  /** The first index whose bar starts at or after `ms` (the length when none does). */
  indexAtOrAfter(ms: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ts[mid]! < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The bars starting in [fromMs, toMs] (either end open when absent): a view. */
  between(fromMs?: number, toMs?: number): BarColumns {
    const start = fromMs === undefined ? 0 : this.indexAtOrAfter(fromMs);
    const end = toMs === undefined ? this.length : this.indexAtOrAfter(toMs + 1);
    return start === 0 && end === this.length ? this : this.slice(start, Math.max(start, end));
  }

  first(): Bar | undefined {
    return this.length ? this.bar(0) : undefined;
  }

  last(): Bar | undefined {
    return this.length ? this.bar(this.length - 1) : undefined;
  }

  *[Symbol.iterator](): Iterator<Bar> {
    for (let i = 0; i < this.length; i++) yield this.bar(i);
  }

  /** Every bar as an object: for readers that need an array (a model's batch, a warm start); a million bars is ~200 MB. */
  toArray(): Bar[] {
    return Array.from({ length: this.length }, (_, i) => this.bar(i));
  }
}
