import type { Signal } from '../../shared/domain/signals.ts';

interface Pending {
  agentId: string;
  dueTs: number;
  close: number;
  direction: number;
}

export interface TrackerState {
  pending: Record<string, Pending[]>;
  lastClose: Record<string, number>;
  rates: Record<string, { hitRate: number; scored: number }>;
}

export interface AgentAccuracy {
  agentId: string;
  /** Exponentially weighted share of scored signals whose direction matched the realised move. */
  hitRate: number | null;
  scored: number;
}

/**
 * Scores every signal once its horizon has passed: a hit when the close at the horizon moved in
 * the signal's direction from the close when it was given. Keeps an exponentially weighted hit rate
 * per agent (half-life in scored signals), starting from 0.5. Flat signals and flat moves are not scored.
 */
export class AccuracyTracker {
  private readonly alpha: number;
  private pending = new Map<string, Pending[]>();
  private lastClose = new Map<string, number>();
  private rates = new Map<string, { hitRate: number; scored: number }>();

  constructor(halfLife: number) {
    this.alpha = 1 - 2 ** (-1 / halfLife);
  }

  /** A bar closed at `endTs`: signals due by then are scored against `close`. */
  onBar(instrumentId: string, endTs: number, close: number): void {
    this.lastClose.set(instrumentId, close);
    const list = this.pending.get(instrumentId);
    if (!list) return;
    let done = 0;
    while (done < list.length && list[done]!.dueTs <= endTs) this.score(list[done++]!, close);
    if (done) list.splice(0, done);
  }

  track(signal: Signal): void {
    const close = this.lastClose.get(signal.instrumentId);
    if (close === undefined || signal.direction === 0) return;
    let list = this.pending.get(signal.instrumentId);
    if (!list) this.pending.set(signal.instrumentId, (list = []));
    const item = { agentId: signal.agentId, dueTs: signal.ts + signal.horizonMs, close, direction: signal.direction };
    // Horizons differ between agents: keep the list ordered by due time.
    let i = list.length;
    while (i > 0 && list[i - 1]!.dueTs > item.dueTs) i--;
    list.splice(i, 0, item);
  }

  accuracy(agentId: string): AgentAccuracy {
    const r = this.rates.get(agentId);
    return { agentId, hitRate: r ? r.hitRate : null, scored: r?.scored ?? 0 };
  }

  all(): AgentAccuracy[] {
    return [...this.rates.keys()].sort().map((id) => this.accuracy(id));
  }

  save(): TrackerState {
    return {
      pending: Object.fromEntries([...this.pending].map(([id, list]) => [id, list.map((p) => ({ ...p }))])),
      lastClose: Object.fromEntries(this.lastClose),
      rates: Object.fromEntries([...this.rates].map(([id, r]) => [id, { ...r }])),
    };
  }

  load(state: TrackerState): void {
    this.pending = new Map(Object.entries(state.pending).map(([id, list]) => [id, list.map((p) => ({ ...p }))]));
    this.lastClose = new Map(Object.entries(state.lastClose));
    this.rates = new Map(Object.entries(state.rates).map(([id, r]) => [id, { ...r }]));
  }

  private score(p: Pending, close: number): void {
    const move = close - p.close;
    if (move === 0) return;
    const hit = Math.sign(move) === Math.sign(p.direction) ? 1 : 0;
    let r = this.rates.get(p.agentId);
    // Every agent starts at a coin flip, so a few lucky signals cannot swing its weight to the cap.
    if (!r) this.rates.set(p.agentId, (r = { hitRate: 0.5, scored: 0 }));
    r.hitRate += this.alpha * (hit - r.hitRate);
    r.scored++;
  }
}
