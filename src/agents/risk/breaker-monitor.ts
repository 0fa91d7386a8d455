import { isShadowSignal, type Signal } from '../../shared/domain/signals.ts';
import { evaluateBreakers, MODEL_WINDOW, type BreakerName } from './circuit-breakers.ts';
import { RESTRICTIVENESS, type RiskPartContext } from './risk-parts.ts';

/**
 * The circuit breakers' memory and actions: each breach raises a critical alert once and restricts
 * trading (never loosens it); a breaker re-arms once its condition has cleared. The conditions
 * themselves are in circuit-breakers.ts.
 */
export class BreakerMonitor {
  private readonly c: RiskPartContext;
  private readonly source: string;
  /** Backtests: judged once the step's bars are all in (see RiskManagerDeps.breakersAfterStep). */
  private readonly afterStep: boolean;
  private breached = new Set<BreakerName>();
  private modelConfidence: number[] = [];
  private pending = false;
  private since = 0;

  constructor(c: RiskPartContext, source: string, afterStep: boolean) {
    this.c = c;
    this.source = source;
    this.afterStep = afterStep;
  }

  /** The session's start: a position without a price yet counts as stale only from here. */
  start(now: number): void {
    this.since = now;
  }

  reset(): void {
    this.breached = new Set();
    this.modelConfidence = [];
  }

  /** Model signals feed the confidence breaker (signals of the rule-based analysts and shadow models do not). */
  onSignal(signal: Signal): boolean {
    if (!signal.rationale.model || isShadowSignal(signal)) return false;
    this.modelConfidence.push(signal.confidence);
    if (this.modelConfidence.length > MODEL_WINDOW) this.modelConfidence.shift();
    return true;
  }

  /** Judges the breakers now, or (backtests) once the step is done. `running` says whether the risk manager still runs then. */
  check(running: () => boolean): void {
    if (!this.afterStep) return this.evaluate(running);
    if (this.pending) return;
    this.pending = true;
    this.c.clock.after(0, () => {
      this.pending = false;
      this.evaluate(running);
    });
  }

  private evaluate(running: () => boolean): void {
    if (!running()) return;
    const now = this.c.clock.now();
    const meanConfidence =
      this.modelConfidence.length >= MODEL_WINDOW ? this.modelConfidence.reduce((s, c) => s + c, 0) / this.modelConfidence.length : null;
    const trips = evaluateBreakers(this.c.portfolio, this.c.limits(), now, meanConfidence, { since: this.since, traded: this.c.traded });
    for (const trip of trips) {
      if (this.breached.has(trip.breaker)) continue;
      this.breached.add(trip.breaker);
      this.c.publish({
        type: 'AlertRaised',
        tsEvent: now,
        tsInit: now,
        source: this.source,
        severity: 'critical',
        code: `BREAKER_${trip.breaker.toUpperCase()}`,
        message: trip.message,
        detail: trip.detail,
      });
      if (RESTRICTIVENESS[trip.action] > RESTRICTIVENESS[this.c.tradingState().state]) {
        const command =
          trip.action === 'HALTED' ? ({ type: 'HaltTrading', flatten: false } as const) : ({ type: 'ReduceTrading' } as const);
        this.c.dispatch({ ...command, tsEvent: now, tsInit: now, source: this.source, reason: trip.message });
      }
    }
    // A breaker re-arms once its condition has cleared.
    for (const name of [...this.breached]) if (!trips.some((t) => t.breaker === name)) this.breached.delete(name);
  }
}
