import { toPrice, toQuantity } from '../../shared/domain/branded.ts';
import type { Instrument } from '../../shared/domain/instrument.ts';
import type { Bar } from '../../shared/domain/market.ts';
import { Agent, type AgentContext, type AgentState } from '../engine/agent.ts';

export interface RandomWalkFeedConfig {
  instruments: readonly { instrument: Instrument; startPrice: number }[];
  intervalMs: number;
  /** Price steps simulated inside each bar; the bar's high and low come from this path. */
  stepsPerBar: number;
  /** Standard deviation of one step's log return. */
  stepVolatility: number;
}

interface Walk {
  close: number;
  lastTs: number;
}

/**
 * A seeded geometric random walk that closes one bar per instrument every `intervalMs` on the
 * engine clock. The foundation's stand-in for the market simulator: real flowing data, no market.
 */
export class RandomWalkFeed extends Agent {
  private readonly config: RandomWalkFeedConfig;
  private walks = new Map<string, Walk>();

  constructor(ctx: AgentContext, config: RandomWalkFeedConfig) {
    super('feed.random-walk', ctx);
    this.config = config;
    this.onReset();
  }

  protected override onStart(): void {
    this.every(this.config.intervalMs, () => this.closeBars());
  }

  protected override onReset(): void {
    this.walks = new Map(this.config.instruments.map((i) => [i.instrument.id, { close: i.startPrice, lastTs: -Infinity }]));
  }

  override saveState(): AgentState {
    const walks: Record<string, AgentState> = {};
    for (const [id, w] of this.walks) walks[id] = { close: w.close, lastTs: Number.isFinite(w.lastTs) ? w.lastTs : null };
    return { random: this.ctx.random.getState().map((n) => (Number.isNaN(n) ? null : n)), walks };
  }

  override loadState(state: AgentState): void {
    const s = state as { random: (number | null)[]; walks: Record<string, { close: number; lastTs: number | null }> };
    this.ctx.random.setState(s.random.map((n) => n ?? Number.NaN));
    for (const [id, w] of Object.entries(s.walks)) {
      if (this.walks.has(id)) this.walks.set(id, { close: w.close, lastTs: w.lastTs ?? -Infinity });
    }
  }

  /**
   * Continues each walk from the newest recorded bar when it is newer than the checkpoint (the
   * process may have died between checkpoints; bars are written as they close).
   */
  resumeFrom(lastBars: readonly Bar[]): void {
    for (const bar of lastBars) {
      const walk = this.walks.get(bar.instrumentId);
      if (walk && bar.ts > walk.lastTs) this.walks.set(bar.instrumentId, { close: bar.close, lastTs: bar.ts });
    }
  }

  private closeBars(): void {
    const now = this.ctx.clock.now();
    const { intervalMs } = this.config;
    for (const { instrument } of this.config.instruments) {
      const walk = this.walks.get(instrument.id)!;
      const ts = Math.max(Math.floor(now / intervalMs) * intervalMs - intervalMs, walk.lastTs + intervalMs);
      const bar = this.walkOneBar(instrument, walk, ts);
      this.publish({ type: 'BarClosed', tsEvent: ts + intervalMs, tsInit: now, source: this.id, bar });
    }
  }

  private walkOneBar(instrument: Instrument, walk: Walk, ts: number): Bar {
    const { random } = this.ctx;
    const tick = instrument.tickSize;
    let price = walk.close;
    let high = price;
    let low = price;
    for (let i = 0; i < this.config.stepsPerBar; i++) {
      price *= Math.exp(this.config.stepVolatility * random.normal());
      high = Math.max(high, price);
      low = Math.min(low, price);
    }
    const open = toPrice(walk.close, tick);
    const close = toPrice(price, tick);
    walk.close = close;
    walk.lastTs = ts;
    return {
      instrumentId: instrument.id,
      intervalMs: this.config.intervalMs,
      ts,
      open,
      high: toPrice(Math.max(high, open, close), tick),
      low: toPrice(Math.min(low, open, close), tick),
      close,
      volume: toQuantity(Math.round(1000 + 4000 * random.next())),
    };
  }
}
