import type { Bar } from '../../shared/domain/market.ts';
import type { AgentState } from '../engine/agent.ts';

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
