import { toQuantity } from '../../shared/domain/branded.ts';
import type { Order } from '../../shared/domain/orders.ts';
import type { RiskLimits, TradingState } from '../../shared/domain/risk.ts';
import type { CommandOf } from '../../shared/messages/commands.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import type { TradingStatus } from '../../shared/contracts/trading.contract.ts';
import { Agent, type AgentContext } from '../engine/agent.ts';
import type { PortfolioTracker } from '../portfolio/portfolio-tracker.ts';
import type { Venue } from '../venues/venue.ts';
import { evaluateBreakers, MODEL_WINDOW, type BreakerName } from './circuit-breakers.ts';
import { PRE_TRADE_CHECKS, type CheckContext } from './checks/index.ts';
import { isShadowSignal } from '../../shared/domain/signals.ts';
import { Atr } from '../../shared/indicators/volatility.ts';
import { decisionVeto, RISK_MANAGER_ID } from './decision-veto.ts';

/** The bus endpoint that takes SubmitOrder, CancelOrder and CancelAllOrders. */
export const PRE_TRADE_ENDPOINT = 'risk.pre-trade';

type GateCommand = CommandOf<'SubmitOrder'> | CommandOf<'CancelOrder'> | CommandOf<'CancelAllOrders'> | CommandOf<'AmendOrder'>;

export interface RiskManagerDeps {
  venue: Venue;
  portfolio: PortfolioTracker;
  tradingState: () => TradingStatus;
  limits: RiskLimits;
  isKnownClientOrderId: (id: string) => boolean;
  /** How long after a kill switch the result is checked. */
  killSwitchVerifyMs?: number;
  /** Breakers are checked on every bar and fill, and also on this timer (null: no timer, as in backtests). */
  breakerTimerMs?: number | null;
  /**
   * Backtests: the clock stands still while a step publishes every instrument's bar of one timestamp,
   * so breakers are judged once the step is done (a zero-delay timer, which fires before the clock
   * moves on). Judged after each bar, an instrument whose bar comes later in the same step looks as
   * old as the previous step — after a market closure, stale — and which instrument's orders a
   * breach stops would depend on the order of the files.
   */
  breakersAfterStep?: boolean;
  /** Whether this session's market trades an instrument (positions kept from a replay may not be). */
  traded?: (instrumentId: string) => boolean;
}

export interface KillSwitchResult {
  state: TradingState;
  canceled: number;
  flattening: { instrumentId: string; quantity: number; side: 'buy' | 'sell' }[];
}

const RESTRICTIVENESS: Record<TradingState, number> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

/**
 * The one agent no other agent can overrule (DESIGN.md §3). Every order passes its pre-trade checks
 * (a denial is an OrderDenied event with a reason code and the numbers, never an exception;
 * cancels always pass); circuit breakers restrict trading on their own; the kill switch halts,
 * cancels everything, optionally flattens, and then checks that nothing is left open.
 */
export class RiskManager extends Agent {
  private readonly deps: RiskManagerDeps;
  private limits: RiskLimits;
  private sentAt: number[] = [];
  private breached = new Set<BreakerName>();
  private unregister: (() => void) | null = null;
  private orderSeq = 0;
  private modelConfidence: number[] = [];
  private atr = new Map<string, Atr>();
  private breakerCheckPending = false;
  private startedAt = 0;
  /** Kill-switch flattens waiting for a fresh price (after a restart the engine has none yet). */
  private flattenWaiting = new Set<string>();

  constructor(ctx: AgentContext, deps: RiskManagerDeps) {
    super(RISK_MANAGER_ID, ctx);
    this.deps = deps;
    this.limits = deps.limits;
  }

  get currentLimits(): RiskLimits {
    return this.limits;
  }

  /** Replaces the limits; the change is an event, so it is journaled and projected. */
  setLimits(limits: RiskLimits, source: string): void {
    const now = this.ctx.clock.now();
    this.publish({ type: 'RiskLimitsChanged', tsEvent: now, tsInit: now, source, limits });
  }

  onRiskLimitsChanged(e: EventOf<'RiskLimitsChanged'>): void {
    this.limits = e.limits;
  }

  /** The veto over a consensus decision (see decision-veto.ts). */
  vetoDecision(instrumentId: string, action: 'buy' | 'sell'): string | null {
    return decisionVeto(this.deps.tradingState(), this.deps.portfolio.holding(instrumentId).quantity, action);
  }

  /** The kill switch: HALTED, every open order canceled, positions flattened if asked, then verified. */
  engageKillSwitch(reason: string, flatten: boolean): KillSwitchResult {
    const now = this.ctx.clock.now();
    const open = this.deps.venue.openOrders().length;
    this.dispatch({ type: 'HaltTrading', tsEvent: now, tsInit: now, source: 'risk.kill-switch', reason, flatten });
    // Halting cancels through onTradingStateChanged; when already halted, cancel again anyway.
    this.deps.venue.cancelAll(`kill switch: ${reason}`);
    const flattening = flatten ? this.flattenAll(now) : [];
    this.ctx.clock.after(this.deps.killSwitchVerifyMs ?? 3_000, () => this.verifyKillSwitch(flatten));
    return { state: this.deps.tradingState().state, canceled: open, flattening };
  }

  protected override onStart(): void {
    this.startedAt = this.ctx.clock.now();
    this.unregister = this.ctx.bus.register<GateCommand>(PRE_TRADE_ENDPOINT, (cmd) => this.handle(cmd));
    this.warnOfUntradedPositions();
    const every = this.deps.breakerTimerMs === undefined ? 1_000 : this.deps.breakerTimerMs;
    if (every !== null) this.every(every, () => this.checkBreakers());
  }

  protected override onStop(): void {
    this.unregister?.();
    this.unregister = null;
  }

  protected override onReset(): void {
    this.sentAt = [];
    this.breached = new Set();
    this.modelConfidence = [];
    this.atr = new Map();
    this.flattenWaiting = new Set();
    this.limits = this.deps.limits;
  }

  onTradingStateChanged(e: EventOf<'TradingStateChanged'>): void {
    if (e.to === 'HALTED') this.deps.venue.cancelAll(`trading halted: ${e.reason}`);
    // A trader who resumes takes the positions back; a flatten still waiting is dropped.
    if (e.to !== 'HALTED') this.flattenWaiting.clear();
  }

  onOrderFilled(): void {
    this.checkBreakers();
  }

  /** Model signals feed the confidence breaker (signals of the rule-based analysts do not). */
  onSignalEmitted(e: EventOf<'SignalEmitted'>): void {
    // Shadow models do not trade, so their confidence cannot stop trading.
    if (!e.signal.rationale.model || isShadowSignal(e.signal)) return;
    this.modelConfidence.push(e.signal.confidence);
    if (this.modelConfidence.length > MODEL_WINDOW) this.modelConfidence.shift();
    this.checkBreakers();
  }

  onBarClosed(e: EventOf<'BarClosed'>): void {
    if (this.flattenWaiting.delete(e.bar.instrumentId)) this.flattenOne(e.bar.instrumentId, this.ctx.clock.now());
    let atr = this.atr.get(e.bar.instrumentId);
    if (!atr) this.atr.set(e.bar.instrumentId, (atr = new Atr(14)));
    atr.update(e.bar);
    this.checkBreakers();
  }

  private handle(cmd: GateCommand): void {
    if (cmd.type === 'CancelOrder') return this.deps.venue.cancel(cmd.clientOrderId);
    if (cmd.type === 'CancelAllOrders') return this.deps.venue.cancelAll(cmd.reason);
    if (cmd.type === 'AmendOrder') return this.amend(cmd);
    const now = this.ctx.clock.now();
    const { order } = cmd;
    const context = this.checkContext(order, now, { flatten: cmd.flatten === true });
    for (const { name, check } of PRE_TRADE_CHECKS) {
      const denial = check(context);
      if (!denial) continue;
      this.publish({
        type: 'OrderDenied',
        tsEvent: now,
        tsInit: now,
        source: this.id,
        decisionId: cmd.decisionId,
        clientOrderId: order.clientOrderId,
        reasonCode: denial.reasonCode,
        detail: { check: name, instrumentId: order.instrumentId, side: order.side, quantity: order.quantity, ...denial.detail },
      });
      return;
    }
    this.publish({
      type: 'OrderApproved',
      tsEvent: now,
      tsInit: now,
      source: this.id,
      ...(cmd.decisionId ? { decisionId: cmd.decisionId } : {}),
      clientOrderId: order.clientOrderId,
      checks: PRE_TRADE_CHECKS.map((c) => c.name),
    });
    this.sentAt.push(now);
    while (this.sentAt.length && now - this.sentAt[0]! >= 60_000) this.sentAt.shift();
    this.deps.venue.submit({
      clientOrderId: order.clientOrderId,
      instrumentId: order.instrumentId,
      side: order.side,
      type: order.type,
      quantity: order.quantity,
      ...(order.limitPrice !== undefined ? { limitPrice: order.limitPrice } : {}),
      timeInForce: order.timeInForce,
      ...(cmd.decisionId ? { decisionId: cmd.decisionId } : {}),
    });
  }

  /** An amend is checked as the order it would become (it is the same order: no duplicate-id check). */
  private amend(cmd: CommandOf<'AmendOrder'>): void {
    const now = this.ctx.clock.now();
    const working = this.deps.venue.openOrders().find((o) => o.clientOrderId === cmd.clientOrderId);
    const refuse = (reason: string) =>
      this.publish({ type: 'OrderAmendRejected', tsEvent: now, tsInit: now, source: this.id, clientOrderId: cmd.clientOrderId, reason });
    if (!working) return refuse('no working order with this id');
    const order = {
      ...working,
      quantity: toQuantity(cmd.quantity ?? working.quantity),
      limitPrice: (cmd.limitPrice ?? working.limitPrice) as typeof working.limitPrice,
    };
    // Checked as what it would add: the unfilled rest, beside the other open orders; same id, so no duplicate check.
    const context = this.checkContext({ ...order, quantity: toQuantity(Math.max(0, order.quantity - working.filledQuantity)) }, now, {
      excludeOpen: order.clientOrderId,
      knownIds: () => false,
    });
    for (const { name, check } of PRE_TRADE_CHECKS) {
      const denial = check(context);
      if (denial) return refuse(`denied by the ${name} check: ${denial.reasonCode}`);
    }
    this.sentAt.push(now);
    this.deps.venue.amend(cmd.clientOrderId, {
      ...(cmd.quantity !== undefined ? { quantity: cmd.quantity } : {}),
      ...(cmd.limitPrice !== undefined ? { limitPrice: cmd.limitPrice } : {}),
    });
  }

  /** What the pre-trade checks see for one order, right now. */
  private checkContext(
    order: Order,
    now: number,
    options: { flatten?: boolean; excludeOpen?: string; knownIds?: (id: string) => boolean },
  ): CheckContext {
    return {
      order,
      flatten: options.flatten ?? false,
      limits: this.limits,
      state: this.deps.tradingState().state,
      holding: this.deps.portfolio.holding(order.instrumentId),
      portfolio: this.deps.portfolio.snapshot(),
      mark: this.deps.portfolio.mark(order.instrumentId),
      atr: this.atrOf(order.instrumentId),
      now,
      openOrders: this.deps.venue.openOrders().filter((o) => o.clientOrderId !== options.excludeOpen),
      markOf: (id) => this.deps.portfolio.mark(id)?.price ?? null,
      venueConnected: this.deps.venue.isConnected(),
      isKnownClientOrderId: options.knownIds ?? this.deps.isKnownClientOrderId,
      sentAt: this.sentAt,
    };
  }

  /** The instrument's ATR(14), null until it has warmed up. */
  private atrOf(instrumentId: string): number | null {
    const atr = this.atr.get(instrumentId)?.value;
    return atr === undefined || Number.isNaN(atr) ? null : atr;
  }

  private flattenAll(now: number): KillSwitchResult['flattening'] {
    const out: KillSwitchResult['flattening'] = [];
    for (const p of this.deps.portfolio.snapshot().positions) {
      if (p.quantity === 0 || !this.traded(p.instrumentId)) continue;
      out.push({ instrumentId: p.instrumentId, quantity: Math.abs(p.quantity), side: p.quantity > 0 ? 'sell' : 'buy' });
      const mark = this.deps.portfolio.mark(p.instrumentId);
      // Without a fresh price the order would be denied; it goes with the instrument's next bar.
      if (!mark || now - mark.ts > this.limits.staleDataMs) this.flattenWaiting.add(p.instrumentId);
      else this.flattenOne(p.instrumentId, now);
    }
    return out;
  }

  /** One risk-reducing market order that closes the instrument's position as it is now. */
  private flattenOne(instrumentId: string, now: number): void {
    const quantity = this.deps.portfolio.holding(instrumentId).quantity;
    if (quantity === 0 || this.deps.tradingState().state !== 'HALTED') return;
    this.dispatch({
      type: 'SubmitOrder',
      tsEvent: now,
      tsInit: now,
      source: 'risk.kill-switch',
      flatten: true,
      order: {
        clientOrderId: `K-${now}-${++this.orderSeq}`,
        instrumentId: instrumentId as never,
        side: quantity > 0 ? 'sell' : 'buy',
        type: 'market',
        quantity: toQuantity(Math.abs(quantity)),
        timeInForce: 'ioc',
        status: 'initialized',
        filledQuantity: toQuantity(0),
        createdAt: now,
      },
    });
  }

  private traded(instrumentId: string): boolean {
    return this.deps.traded?.(instrumentId) ?? true;
  }

  /**
   * Positions in instruments this session does not trade (bought in a replay, say) can be neither
   * priced nor closed here: say so once at start, with what to do, instead of a breaker that never clears.
   */
  private warnOfUntradedPositions(): void {
    const untraded = this.deps.portfolio.snapshot().positions.filter((p) => p.quantity !== 0 && !this.traded(p.instrumentId));
    if (!untraded.length) return;
    const now = this.ctx.clock.now();
    const list = untraded.map((p) => `${p.quantity} ${p.instrumentId}`).join(', ');
    this.publish({
      type: 'AlertRaised',
      tsEvent: now,
      tsInit: now,
      source: this.id,
      severity: 'warning',
      code: 'POSITIONS_NOT_TRADED_HERE',
      message: `This session does not trade ${untraded.map((p) => p.instrumentId).join(', ')}, where the profile holds ${list}: they keep their last price, are not flattened by the kill switch, and can be closed only in a session that trades them (for a replay: quorum serve --replay with its file).`,
      detail: { positions: untraded.length },
    });
  }

  private verifyKillSwitch(flatten: boolean): void {
    const open = this.deps.venue.openOrders();
    const positions = flatten
      ? this.deps.portfolio.snapshot().positions.filter((p) => p.quantity !== 0 && this.traded(p.instrumentId))
      : [];
    const now = this.ctx.clock.now();
    const ok = open.length === 0 && positions.length === 0;
    this.publish({
      type: 'AlertRaised',
      tsEvent: now,
      tsInit: now,
      source: this.id,
      severity: ok ? 'info' : 'critical',
      code: ok ? 'KILL_SWITCH_DONE' : 'KILL_SWITCH_INCOMPLETE',
      message: ok
        ? flatten
          ? 'Kill switch: halted, every order canceled, every position flat.'
          : 'Kill switch: halted, every order canceled.'
        : `Kill switch: ${open.length} order(s) still open and ${positions.length} position(s) not flat after the check${
            this.flattenWaiting.size ? ` (${[...this.flattenWaiting].join(', ')} waiting for a fresh price to flatten)` : ''
          }. Act at the venue.`,
      detail: { openOrders: open.length, openPositions: positions.length, waitingForPrice: this.flattenWaiting.size },
    });
  }

  private checkBreakers(): void {
    if (!this.deps.breakersAfterStep) return this.evaluateBreakers();
    if (this.breakerCheckPending) return;
    this.breakerCheckPending = true;
    this.ctx.clock.after(0, () => {
      this.breakerCheckPending = false;
      this.evaluateBreakers();
    });
  }

  private evaluateBreakers(): void {
    if (this.state !== 'running') return;
    const now = this.ctx.clock.now();
    const meanConfidence =
      this.modelConfidence.length >= MODEL_WINDOW ? this.modelConfidence.reduce((s, c) => s + c, 0) / this.modelConfidence.length : null;
    const trips = evaluateBreakers(this.deps.portfolio, this.limits, now, meanConfidence, {
      since: this.startedAt,
      traded: (id) => this.traded(id),
    });
    for (const trip of trips) {
      if (this.breached.has(trip.breaker)) continue;
      this.breached.add(trip.breaker);
      this.publish({
        type: 'AlertRaised',
        tsEvent: now,
        tsInit: now,
        source: this.id,
        severity: 'critical',
        code: `BREAKER_${trip.breaker.toUpperCase()}`,
        message: trip.message,
        detail: trip.detail,
      });
      if (RESTRICTIVENESS[trip.action] > RESTRICTIVENESS[this.deps.tradingState().state]) {
        const command =
          trip.action === 'HALTED' ? ({ type: 'HaltTrading', flatten: false } as const) : ({ type: 'ReduceTrading' } as const);
        this.dispatch({ ...command, tsEvent: now, tsInit: now, source: this.id, reason: trip.message });
      }
    }
    // A breaker re-arms once its condition has cleared.
    for (const name of [...this.breached]) if (!trips.some((t) => t.breaker === name)) this.breached.delete(name);
  }
}
