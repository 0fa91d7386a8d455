import { toQuantity } from '../../shared/domain/branded.ts';
import type { Order } from '../../shared/domain/orders.ts';
import type { RiskLimits } from '../../shared/domain/risk.ts';
import type { CommandOf } from '../../shared/messages/commands.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import type { TradingStatus } from '../../shared/contracts/trading.contract.ts';
import { Agent, type AgentContext } from '../engine/agent.ts';
import type { PortfolioTracker } from '../portfolio/portfolio-tracker.ts';
import type { Venue } from '../venues/venue.ts';
import { PRE_TRADE_CHECKS, type CheckContext } from './checks/index.ts';
import { Atr } from '../../shared/indicators/volatility.ts';
import { decisionVeto, RISK_MANAGER_ID } from './decision-veto.ts';
import { BreakerMonitor } from './breaker-monitor.ts';
import { KillSwitch, type KillSwitchResult } from './kill-switch.ts';
import type { RiskPartContext } from './risk-parts.ts';

export type { KillSwitchResult } from './kill-switch.ts';

/** The bus endpoint that takes SubmitOrder, CancelOrder and CancelAllOrders. */
export const PRE_TRADE_ENDPOINT = 'risk.pre-trade';

type GateCommand = CommandOf<'SubmitOrder'> | CommandOf<'CancelOrder'> | CommandOf<'CancelAllOrders'> | CommandOf<'AmendOrder'>;

export interface RiskManagerDeps {
  venue: Venue;
  portfolio: PortfolioTracker;
  /** The trading state agent (ACTIVE, REDUCING or HALTED, and why). */
  tradingState: { readonly current: TradingStatus };
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
  private unregister: (() => void) | null = null;
  private atr = new Map<string, Atr>();
  private readonly killSwitch: KillSwitch;
  private readonly breakers: BreakerMonitor;

  constructor(ctx: AgentContext, deps: RiskManagerDeps) {
    super(RISK_MANAGER_ID, ctx);
    this.deps = deps;
    this.limits = deps.limits;
    const parts: RiskPartContext = {
      clock: ctx.clock,
      venue: deps.venue,
      portfolio: deps.portfolio,
      tradingState: () => deps.tradingState.current,
      limits: () => this.limits,
      traded: (id) => deps.traded?.(id) ?? true,
      publish: (e) => this.publish(e),
      dispatch: (c) => this.dispatch(c),
    };
    this.killSwitch = new KillSwitch(parts, this.id, deps.killSwitchVerifyMs);
    this.breakers = new BreakerMonitor(parts, this.id, deps.breakersAfterStep === true);
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
    return decisionVeto(this.deps.tradingState.current, this.deps.portfolio.holding(instrumentId).quantity, action);
  }

  /** The kill switch (kill-switch.ts): HALTED, every open order canceled, positions flattened if asked, then verified. */
  engageKillSwitch(reason: string, flatten: boolean): KillSwitchResult {
    return this.killSwitch.engage(reason, flatten);
  }

  protected override onStart(): void {
    this.breakers.start(this.ctx.clock.now());
    this.unregister = this.ctx.bus.register<GateCommand>(PRE_TRADE_ENDPOINT, (cmd) => this.handle(cmd));
    this.killSwitch.warnOfUntradedPositions();
    const every = this.deps.breakerTimerMs === undefined ? 1_000 : this.deps.breakerTimerMs;
    if (every !== null) this.every(every, () => this.checkBreakers());
  }

  protected override onStop(): void {
    this.unregister?.();
    this.unregister = null;
  }

  protected override onReset(): void {
    this.sentAt = [];
    this.breakers.reset();
    this.atr = new Map();
    this.killSwitch.reset();
    this.limits = this.deps.limits;
  }

  onTradingStateChanged(e: EventOf<'TradingStateChanged'>): void {
    if (e.to === 'HALTED') this.deps.venue.cancelAll(`trading halted: ${e.reason}`);
    this.killSwitch.onStateChanged(e.to);
  }

  onOrderFilled(): void {
    this.checkBreakers();
  }

  /**
   * After a broker reconciled, with every missed fill applied: a position that still differs from
   * the broker's is something this book does not know (an order typed into TWS, a fill lost): an
   * alert, and REDUCING until the trader has looked.
   */
  onBrokerReconciled(e: EventOf<'BrokerReconciled'>): void {
    const differ = Object.entries(e.positions).filter(([id, theirs]) => this.deps.portfolio.holding(id).quantity !== theirs);
    if (!differ.length) return;
    const now = this.ctx.clock.now();
    const list = differ
      .map(([id, theirs]) => `${id}: ${theirs} at ${e.venue}, ${this.deps.portfolio.holding(id).quantity} here`)
      .join('; ');
    const message = `Positions differ from ${e.venue}${e.account ? ` (account ${e.account})` : ''} after reconciling: ${list}. Trading is REDUCING until you have checked them in TWS.`;
    this.raiseAlert({
      severity: 'critical',
      code: 'BROKER_POSITION_MISMATCH',
      message,
      detail: { instruments: differ.map(([id]) => id).join(',') },
    });
    if (this.deps.tradingState.current.state === 'ACTIVE')
      this.dispatch({ type: 'ReduceTrading', tsEvent: now, tsInit: now, source: this.id, reason: message });
  }

  /** Model signals feed the confidence breaker (signals of the rule-based analysts do not). */
  onSignalEmitted(e: EventOf<'SignalEmitted'>): void {
    if (this.breakers.onSignal(e.signal)) this.checkBreakers();
  }

  onBarClosed(e: EventOf<'BarClosed'>): void {
    this.killSwitch.onBar(e.bar.instrumentId);
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
      arrivalPrice: context.mark?.price ?? null,
    });
    this.sentAt.push(now);
    while (this.sentAt.length && now - this.sentAt[0]! >= 60_000) this.sentAt.shift();
    // The order as the venue takes it: everything the trader or the agents asked for, whatever fields
    // it has (the gate had passed on only the ones it named: a stop-limit once lost its stop price).
    const { status: _status, filledQuantity: _filled, createdAt: _created, decisionId: _decision, ...request } = order;
    this.deps.venue.submit({ ...request, ...(cmd.decisionId ? { decisionId: cmd.decisionId } : {}) });
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
      stopPrice: (cmd.stopPrice ?? working.stopPrice) as typeof working.stopPrice,
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
      ...(cmd.stopPrice !== undefined ? { stopPrice: cmd.stopPrice } : {}),
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
      state: this.deps.tradingState.current.state,
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

  private checkBreakers(): void {
    this.breakers.check(() => this.state === 'running');
  }
}
