import type { EventOf } from '../../shared/messages/events.ts';
import { Agent, type AgentContext } from '../engine/agent.ts';

export const SESSION_WATCH_ID = 'risk.session-watch';

export interface SessionWatchOptions {
  /** The session's bar length: data is stale after `staleBars` of them without a bar. */
  barIntervalMs: number;
  staleBars?: number;
  /** A decision later than this after its bar reached the engine is slow. */
  slowDecisionMs?: number;
  /** How often the data's age is looked at. */
  checkEveryMs?: number;
}

/**
 * Alerts a paper or live session needs beside the breakers: an instrument whose bars stopped coming
 * (`STALE_DATA`, once per episode, and `DATA_RESUMED` when they come back) and a decision that took
 * too long after its bar reached the engine (`DECISION_SLOW`; repeats are held back by `raiseAlert`).
 * Times are the engine clock's, so a replay's data times do not count.
 */
export class SessionWatch extends Agent {
  private readonly arrived = new Map<string, number>();
  private readonly stale = new Set<string>();
  private readonly options: Required<SessionWatchOptions>;

  constructor(ctx: AgentContext, options: SessionWatchOptions) {
    super(SESSION_WATCH_ID, ctx);
    this.options = { staleBars: 5, slowDecisionMs: 2_000, checkEveryMs: 5_000, ...options };
  }

  get staleAfterMs(): number {
    return Math.max(10_000, this.options.staleBars * this.options.barIntervalMs);
  }

  protected override onStart(): void {
    this.every(this.options.checkEveryMs, () => this.checkStale());
  }

  protected override onReset(): void {
    this.arrived.clear();
    this.stale.clear();
  }

  onBarClosed(e: EventOf<'BarClosed'>): void {
    const id = e.bar.instrumentId;
    this.arrived.set(id, this.ctx.clock.now());
    if (!this.stale.delete(id)) return;
    this.raiseAlert({ severity: 'info', code: 'DATA_RESUMED', message: `${id}: bars are coming again`, detail: { instrumentId: id } });
  }

  onDecisionMade(e: EventOf<'DecisionMade'>): void {
    const arrived = this.arrived.get(e.decision.instrumentId);
    if (arrived === undefined) return;
    const ms = this.ctx.clock.now() - arrived;
    if (ms <= this.options.slowDecisionMs) return;
    this.raiseAlert({
      severity: 'warning',
      code: 'DECISION_SLOW',
      message: `${e.decision.instrumentId}: the decision came ${(ms / 1000).toFixed(1)} s after its bar (more than ${this.options.slowDecisionMs / 1000} s)`,
      detail: { instrumentId: e.decision.instrumentId, ms },
    });
  }

  private checkStale(): void {
    const now = this.ctx.clock.now();
    for (const [id, at] of this.arrived) {
      if (this.stale.has(id) || now - at <= this.staleAfterMs) continue;
      this.stale.add(id);
      this.raiseAlert({
        severity: 'warning',
        code: 'STALE_DATA',
        message: `${id}: no bar for ${Math.round((now - at) / 1000)} s (the market may be closed, or the feed stopped)`,
        detail: { instrumentId: id, ageMs: now - at },
      });
    }
  }
}
