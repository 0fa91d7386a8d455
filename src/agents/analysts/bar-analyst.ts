import type { Bar } from '../../shared/domain/market.ts';
import type { EngineEvent, EventOf } from '../../shared/messages/events.ts';
import { Agent, type AgentState } from '../engine/agent.ts';

/**
 * The bars an analyst has seen, per instrument, capped: an analyst's checkpoint is its recent input,
 * and loading it replays those bars with publishing off. Within the cap the restored analyst is
 * exactly the one that was saved; beyond it, smoothed indicators have converged (Wilder and EMA
 * weights of bars older than the cap are below 1e-40) and only OBV's level restarts.
 */
export class BarHistory {
  private bars = new Map<string, Bar[]>();
  private readonly cap: number;

  constructor(cap = 5_000) {
    this.cap = cap;
  }

  push(bar: Bar): void {
    let list = this.bars.get(bar.instrumentId);
    if (!list) this.bars.set(bar.instrumentId, (list = []));
    list.push(bar);
    if (list.length > this.cap * 1.2) list.splice(0, list.length - this.cap);
  }

  clear(): void {
    this.bars = new Map();
  }

  save(): AgentState {
    return Object.fromEntries([...this.bars].map(([id, list]) => [id, list.slice(-this.cap) as unknown as AgentState]));
  }

  /** The saved bars in their original order per instrument. */
  static restore(state: AgentState): Bar[][] {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) return [];
    return Object.values(state).map((list) => (Array.isArray(list) ? (list as unknown as Bar[]) : []));
  }
}

/**
 * An analyst that reasons only from bars: it keeps its recent bars as its checkpoint, and loading
 * one replays them with publishing off, so memory is rebuilt by the same code that built it.
 * Subclasses handle each bar in `onBar` and wipe their memory in `forget`.
 */
export abstract class BarAnalyst extends Agent {
  private readonly history = new BarHistory();
  private replaying = false;

  protected abstract onBar(bar: Bar): void;
  protected abstract forget(): void;

  onBarClosed(e: EventOf<'BarClosed'>): void {
    this.history.push(e.bar);
    this.onBar(e.bar);
  }

  override saveState(): AgentState {
    return this.history.save();
  }

  override loadState(state: AgentState): void {
    this.onReset();
    this.replaying = true;
    try {
      for (const list of BarHistory.restore(state))
        for (const bar of list) this.onBarClosed({ type: 'BarClosed', tsEvent: bar.ts, tsInit: bar.ts, source: 'checkpoint', bar });
    } finally {
      this.replaying = false;
    }
  }

  protected override publish(event: EngineEvent): void {
    if (!this.replaying) super.publish(event);
  }

  protected override onReset(): void {
    this.history.clear();
    this.forget();
  }
}
