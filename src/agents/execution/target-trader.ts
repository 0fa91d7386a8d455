import { toQuantity } from '../../shared/domain/branded.ts';
import type { Instrument } from '../../shared/domain/instrument.ts';
import type { Order } from '../../shared/domain/orders.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import { Agent, type AgentContext } from '../engine/agent.ts';

export const TARGET_TRADER_ID = 'execution.targets';

export interface TargetTraderDeps {
  instruments: readonly Instrument[];
  equity: () => number;
  position: (instrumentId: string) => number;
  openOrders: () => readonly Order[];
  /** Whether the agents may trade (the trader's switch); targets are still computed when not. */
  enabled: () => boolean;
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

  constructor(ctx: AgentContext, deps: TargetTraderDeps) {
    super(TARGET_TRADER_ID, ctx);
    this.deps = deps;
  }

  onTargetsSet(e: EventOf<'TargetsSet'>): void {
    if (!this.deps.enabled()) return;
    const equity = this.deps.equity();
    if (!(equity > 0)) return;
    const open = this.deps.openOrders();
    const now = this.ctx.clock.now();
    e.targets.targets.forEach((t, n) => {
      const instrument = this.deps.instruments.find((i) => i.id === t.instrumentId);
      if (!instrument) return;
      const lot = instrument.lotSize;
      const wanted = Math.trunc((t.weight * equity) / t.price / lot) * lot;
      let coming = this.deps.position(t.instrumentId);
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
