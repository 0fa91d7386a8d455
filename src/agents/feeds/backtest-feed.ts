import type { Bar } from '../../shared/domain/market.ts';
import type { BarColumns } from '../../shared/market-data/bar-columns.ts';
import { Agent, type AgentContext, type AgentState } from '../engine/agent.ts';

/**
 * The feed of a backtest: the bars of several instruments merged into one timeline. It has no timer;
 * the backtest runner moves the TestClock to the end of each bar and asks for the next step, so
 * every instrument's bar of a timestamp is published at the moment it closes. The bars stay in
 * their columns; a step's `Bar`s are made as it is published (a million bars as objects and as
 * per-step arrays had cost ~370 MB).
 */
export class BacktestFeed extends Agent {
  private readonly series: readonly BarColumns[];
  /** Step k's bars are entries stepStart[k] … stepStart[k + 1] − 1: series `who[e]`, row `row[e]`. */
  private readonly stepStart: Uint32Array;
  private readonly who: Uint16Array;
  private readonly row: Uint32Array;
  /** How many of each series' bars have been published (its rows 0 … published − 1). */
  private readonly published: Uint32Array;
  private next = 0;

  constructor(ctx: AgentContext, series: readonly BarColumns[]) {
    super('feed.backtest', ctx);
    if (series.length > 65_535) throw new Error(`a backtest takes at most 65,535 instruments, not ${series.length}`);
    this.series = series;
    const entries = series.reduce((n, s) => n + s.length, 0);
    this.who = new Uint16Array(entries);
    this.row = new Uint32Array(entries);
    this.published = new Uint32Array(series.length);
    const starts: number[] = [];
    // A k-way merge by start time; each series is strictly increasing, so a timestamp has at most
    // one bar per series, taken in the series' order.
    const at = new Uint32Array(series.length);
    for (let e = 0; e < entries;) {
      let ts = Infinity;
      for (let s = 0; s < series.length; s++) if (at[s]! < series[s]!.length) ts = Math.min(ts, series[s]!.ts[at[s]!]!);
      starts.push(e);
      for (let s = 0; s < series.length; s++)
        if (at[s]! < series[s]!.length && series[s]!.ts[at[s]!] === ts) {
          this.who[e] = s;
          this.row[e++] = at[s]!++;
        }
    }
    starts.push(entries);
    this.stepStart = Uint32Array.from(starts);
  }

  /** How many steps (distinct start times) the data has. */
  get stepCount(): number {
    return this.stepStart.length - 1;
  }

  /** How many steps have been published. */
  get stepsDone(): number {
    return this.next;
  }

  get finished(): boolean {
    return this.next >= this.stepCount;
  }

  /** When step `k`'s bars start. */
  stepTs(k: number): number {
    const e = this.stepStart[k]!;
    return this.series[this.who[e]!]!.ts[this.row[e]!]!;
  }

  /** Step `k`'s bars, made now. */
  stepBars(k: number): Bar[] {
    const out: Bar[] = [];
    for (let e = this.stepStart[k]!; e < this.stepStart[k + 1]!; e++) out.push(this.series[this.who[e]!]!.bar(this.row[e]!));
    return out;
  }

  /** Every step's bars in order, each step's made as it is reached. */
  *steps(): Generator<Bar[]> {
    for (let k = 0; k < this.stepCount; k++) yield this.stepBars(k);
  }

  /** When the next step's bars close (the clock must be there before `publishNext`). */
  nextCloseTs(): number | null {
    if (this.finished) return null;
    let close = -Infinity;
    for (let e = this.stepStart[this.next]!; e < this.stepStart[this.next + 1]!; e++) {
      const s = this.series[this.who[e]!]!;
      close = Math.max(close, s.ts[this.row[e]!]! + s.intervalMs);
    }
    return close;
  }

  /**
   * The newest `limit` bars of `instrumentId` published so far, oldest first: what a paper session
   * reads from its recorded bars. A backtest does not record its bars one by one (they are here).
   */
  history(instrumentId: string, limit: number): Bar[] {
    const s = this.series.findIndex((c) => c.instrumentId === instrumentId);
    if (s < 0) return [];
    const n = this.published[s]!;
    return this.series[s]!.slice(Math.max(0, n - limit), n).toArray();
  }

  /** Each series' bars published so far, as views of its columns. */
  publishedBars(): BarColumns[] {
    return this.series.map((c, s) => c.slice(0, this.published[s]!));
  }

  /** Publishes the next timestamp's bars; returns them. */
  publishNext(): readonly Bar[] {
    if (this.finished) return [];
    for (let e = this.stepStart[this.next]!; e < this.stepStart[this.next + 1]!; e++) this.published[this.who[e]!] = this.row[e]! + 1;
    const group = this.stepBars(this.next++);
    const now = this.ctx.clock.now();
    for (const bar of group) this.publish({ type: 'BarClosed', tsEvent: bar.ts + bar.intervalMs, tsInit: now, source: this.id, bar });
    return group;
  }

  resumeFrom(): void {
    // A backtest always starts from its first bar.
  }

  protected override onReset(): void {
    this.next = 0;
    this.published.fill(0);
  }

  override saveState(): AgentState {
    return { next: this.next };
  }

  override loadState(state: AgentState): void {
    this.next = (state as { next: number }).next;
    // A series' last bar among the first `next` steps sets its count.
    this.published.fill(0);
    for (let e = 0; e < this.stepStart[this.next]!; e++) this.published[this.who[e]!] = this.row[e]! + 1;
  }
}
