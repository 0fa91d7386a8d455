import { toQuantity } from '../../shared/domain/branded.ts';
import type { Instrument } from '../../shared/domain/instrument.ts';
import type { Order } from '../../shared/domain/orders.ts';
import type { CommandOf } from '../../shared/messages/commands.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import { Agent, type AgentContext } from '../engine/agent.ts';

export const TARGET_TRADER_ID = 'execution.targets';
/** The bus endpoint that takes SetAgentsTrading. */
export const AGENTS_TRADING_ENDPOINT = 'execution.agents-trading';

/** The positions and equity the targets are sized against: the portfolio tracker. */
export interface PositionBook {
  equity(): number;
  holding(instrumentId: string): { quantity: number };
}

export interface TargetTraderDeps {
  instruments: readonly Instrument[];
  book: PositionBook;
  /** What is already on its way: the venue's open orders. */
  venue: { openOrders(): readonly Order[] };
  /** Whether the agents may trade at start (backtests: yes; paper and live: the trader turns it on). */
  enabled: boolean;
}

/**
 * The execution agent's side that follows the optimizer: each `TargetsSet` becomes, per instrument,
 * one market order for the difference between the target quantity (weight × equity / price, whole
 * lots) and the position plus what is already on its way. Every order is a `SubmitOrder` through the
 * risk manager, carrying its instrument's decision (the target's, else the event's); its client id
 * is `<decisionId of the event>/<n>`.
 */
export class TargetTrader extends Agent {
  private readonly deps: TargetTraderDeps;
  private trading: boolean;
  private unregister: (() => void) | null = null;

  constructor(ctx: AgentContext, deps: TargetTraderDeps) {
    super(TARGET_TRADER_ID, ctx);
    this.deps = deps;
    this.trading = deps.enabled;
  }

  /** Whether the agents' targets become orders now (the trader's switch; targets are computed either way). */
  get enabled(): boolean {
    return this.trading;
  }

  protected override onStart(): void {
    this.unregister = this.ctx.bus.register<CommandOf<'SetAgentsTrading'>>(AGENTS_TRADING_ENDPOINT, (cmd) => {
      if (cmd.enabled === this.trading) return;
      this.trading = cmd.enabled;
      this.publish({ type: 'AgentsTradingChanged', tsEvent: cmd.tsEvent, tsInit: cmd.tsInit, source: this.id, enabled: cmd.enabled });
    });
  }

  protected override onStop(): void {
    this.unregister?.();
    this.unregister = null;
  }

  /** Off again after a reset, as after every restart of a paper or live session (it is not checkpointed). */
  protected override onReset(): void {
    this.trading = this.deps.enabled;
  }

  onTargetsSet(e: EventOf<'TargetsSet'>): void {
    if (!this.trading) return;
    const equity = this.deps.book.equity();
    if (!(equity > 0)) return;
    const open = this.deps.venue.openOrders();
    const now = this.ctx.clock.now();
    e.targets.targets.forEach((t, n) => {
      const instrument = this.deps.instruments.find((i) => i.id === t.instrumentId);
      if (!instrument) return;
      const lot = instrument.lotSize;
      const wanted = Math.trunc((t.weight * equity) / t.price / lot) * lot;
      let coming = this.deps.book.holding(t.instrumentId).quantity;
      for (const o of open) if (o.instrumentId === t.instrumentId) coming += (o.side === 'buy' ? 1 : -1) * (o.quantity - o.filledQuantity);
      const delta = wanted - coming;
      if (Math.abs(delta) < lot) return;
      const decisionId = t.decisionId ?? e.decisionId;
      this.dispatch({
        type: 'SubmitOrder',
        tsEvent: now,
        tsInit: now,
        source: this.id,
        ...(decisionId ? { decisionId } : {}),
        order: {
          clientOrderId: `${e.decisionId ?? `targets-${e.tsEvent}`}/${n}`,
          instrumentId: t.instrumentId,
          side: delta > 0 ? 'buy' : 'sell',
          type: 'market',
          quantity: toQuantity(Math.abs(delta)),
          timeInForce: 'day',
          status: 'initialized',
          filledQuantity: toQuantity(0),
          ...(decisionId ? { decisionId } : {}),
          createdAt: now,
        },
      });
    });
  }
}
