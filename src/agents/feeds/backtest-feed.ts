import type { Bar } from '../../shared/domain/market.ts';
import { Agent, type AgentContext, type AgentState } from '../engine/agent.ts';

/**
 * The feed of a backtest: the bars of several instruments merged into one timeline. It has no timer;
 * the backtest runner moves the TestClock to the end of each bar and asks for the next step, so
 * every instrument's bar of a timestamp is published at the moment it closes.
 */
export class BacktestFeed extends Agent {
  /** Bars grouped by their start time, oldest first. */
  readonly steps: Bar[][];
  private next = 0;

  constructor(ctx: AgentContext, series: readonly (readonly Bar[])[]) {
    super('feed.backtest', ctx);
    const byTs = new Map<number, Bar[]>();
    for (const bars of series)
      for (const bar of bars) {
        let group = byTs.get(bar.ts);
        if (!group) byTs.set(bar.ts, (group = []));
        group.push(bar);
      }
    this.steps = [...byTs.keys()].sort((a, b) => a - b).map((ts) => byTs.get(ts)!);
  }

  /** How many steps have been published. */
  get stepsDone(): number {
    return this.next;
  }

  get finished(): boolean {
    return this.next >= this.steps.length;
  }

  /** When the next step's bars close (the clock must be there before `publishNext`). */
  nextCloseTs(): number | null {
    const group = this.steps[this.next];
    return group ? Math.max(...group.map((b) => b.ts + b.intervalMs)) : null;
  }

  /** Publishes the next timestamp's bars; returns them. */
  publishNext(): readonly Bar[] {
    const group = this.steps[this.next++] ?? [];
    const now = this.ctx.clock.now();
    for (const bar of group) this.publish({ type: 'BarClosed', tsEvent: bar.ts + bar.intervalMs, tsInit: now, source: this.id, bar });
    return group;
  }

  resumeFrom(): void {
    // A backtest always starts from its first bar.
  }

  protected override onReset(): void {
    this.next = 0;
  }

  override saveState(): AgentState {
    return { next: this.next };
  }

  override loadState(state: AgentState): void {
    this.next = (state as { next: number }).next;
  }
}
