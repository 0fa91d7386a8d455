import type { Bar } from '../../shared/domain/market.ts';
import { Agent, type AgentContext, type AgentState } from '../engine/agent.ts';

export interface BarReplayConfig {
  /** Bars of one instrument, oldest first, as read from a CSV. */
  bars: readonly Bar[];
  /** Playback speed as a multiple of the data's own time: 86400 plays one daily bar per second. */
  speed: number;
}

/**
 * Plays recorded bars at a chosen speed, each published with its historical timestamp. Where only
 * bars exist there is no order book: BarFillVenue fills against the bars instead.
 */
export class BarReplayFeed extends Agent {
  private readonly config: BarReplayConfig;
  private next = 0;

  constructor(ctx: AgentContext, config: BarReplayConfig) {
    super('feed.bar-replay', ctx);
    this.config = config;
  }

  get finished(): boolean {
    return this.next >= this.config.bars.length;
  }

  protected override onStart(): void {
    const interval = this.config.bars[0]?.intervalMs ?? 86_400_000;
    this.every(Math.max(20, Math.round(interval / this.config.speed)), () => this.playNext());
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

  /** Continues after the newest recorded bar, if it is further along than the checkpoint. */
  resumeFrom(lastBars: readonly Bar[]): void {
    const last = lastBars.find((b) => b.instrumentId === this.config.bars[0]?.instrumentId);
    if (!last) return;
    const after = this.config.bars.findIndex((b) => b.ts > last.ts);
    this.next = Math.max(this.next, after < 0 ? this.config.bars.length : after);
  }

  private playNext(): void {
    const bar = this.config.bars[this.next];
    if (!bar) return;
    this.next++;
    const now = this.ctx.clock.now();
    this.publish({ type: 'BarClosed', tsEvent: bar.ts + bar.intervalMs, tsInit: now, source: this.id, bar });
    if (this.finished) this.ctx.log.info({ bars: this.next }, 'replay finished');
  }
}
