import { toPrice, toQuantity } from '../../../shared/domain/branded.ts';
import type { Instrument } from '../../../shared/domain/instrument.ts';
import { hasStopPrice, type Order } from '../../../shared/domain/orders.ts';
import type { EventOf } from '../../../shared/messages/events.ts';
import { Agent, type AgentContext, type AgentState } from '../../engine/agent.ts';
import { isClosedInJournal, type JournalOrderProgress, type OrderChanges, type Venue, type VenueOrderRequest } from '../venue.ts';
import { DEFAULT_FEES, fillAgainstBar, stopReached, type FeeModel } from './bar-fill-rule.ts';
import { orderAmended, stampVenueEvent, type VenueEventBody } from '../venue-event.ts';
import { amendVenueOrder, validateVenueOrder } from '../validate-venue-order.ts';

interface Pending {
  order: Order;
  /** The newest bar known when the order arrived: it may only fill on later bars (no look-ahead). */
  afterTs: number;
  feeBase: number;
  fills: number;
  /** A stop or stop-limit order set off by an earlier bar (from then on a market or limit order). */
  triggered?: boolean;
}

/**
 * The venue of a bars-only replay. Orders fill against the next bar by the rule in
 * bar-fill-rule.ts; cancels take effect at once. Same life-cycle events as the simulated venue.
 */
export class BarFillVenue extends Agent implements Venue {
  readonly name = 'replay';
  private readonly instruments: readonly Instrument[];
  private readonly fees: FeeModel;
  private pending: Pending[] = [];
  private lastBarTs = new Map<string, number>();
  private used = new Map<string, number>();

  constructor(ctx: AgentContext, instruments: readonly Instrument[], fees: FeeModel = DEFAULT_FEES) {
    super('venue.bar-fill', ctx);
    this.instruments = instruments;
    this.fees = fees;
  }

  isConnected(): boolean {
    return this.state === 'running';
  }

  openOrders(): Order[] {
    return this.pending.map((p) => ({ ...p.order }));
  }

  restingByPrice(): Map<string, number> {
    return new Map();
  }

  submit(r: VenueOrderRequest): void {
    const order: Order = { ...r, status: 'submitted', filledQuantity: toQuantity(0), createdAt: this.ctx.clock.now() };
    this.emit({ type: 'OrderSubmitted', order }, r.decisionId);
    const problem = this.pending.some((p) => p.order.clientOrderId === r.clientOrderId)
      ? 'duplicate client order id'
      : validateVenueOrder(
          r,
          this.instruments.find((i) => i.id === r.instrumentId),
          'replay',
        );
    if (problem) return this.emit({ type: 'OrderRejected', clientOrderId: r.clientOrderId, reason: problem }, r.decisionId);
    order.status = 'accepted';
    this.emit({ type: 'OrderAccepted', clientOrderId: r.clientOrderId, venueOrderId: r.clientOrderId }, r.decisionId);
    this.pending.push({ order, afterTs: this.lastBarTs.get(r.instrumentId) ?? -Infinity, feeBase: 0, fills: 0 });
  }

  cancel(clientOrderId: string): void {
    const p = this.pending.find((x) => x.order.clientOrderId === clientOrderId);
    if (p) this.close(p, 'canceled on request');
  }

  amend(clientOrderId: string, changes: OrderChanges): void {
    const p = this.pending.find((x) => x.order.clientOrderId === clientOrderId);
    const r = p
      ? amendVenueOrder(
          p.order,
          changes,
          p.triggered !== true,
          this.instruments.find((i) => i.id === p.order.instrumentId),
          'replay',
        )
      : { problem: 'no working order with this id' };
    if ('problem' in r) return this.emit({ type: 'OrderAmendRejected', clientOrderId, reason: r.problem }, p?.order.decisionId);
    const o = (p!.order = r.order);
    this.emit(orderAmended(o), o.decisionId);
  }

  cancelAll(reason: string): void {
    for (const p of [...this.pending]) this.close(p, reason);
  }

  onBarClosed(event: EventOf<'BarClosed'>): void {
    const bar = event.bar;
    this.lastBarTs.set(bar.instrumentId, bar.ts);
    this.used.set(bar.instrumentId, 0);
    for (const p of [...this.pending]) {
      if (p.order.instrumentId !== bar.instrumentId || bar.ts <= p.afterTs) continue;
      const available = bar.volume - (this.used.get(bar.instrumentId) ?? 0);
      const o = p.order;
      let stopAt: number | undefined;
      if (hasStopPrice(o.type) && !p.triggered) {
        const at = stopReached(o, bar);
        if (at === null) continue;
        p.triggered = true;
        stopAt = at;
      }
      const fill = fillAgainstBar(o, bar, available, this.fees, p.feeBase, stopAt);
      if (fill) {
        this.used.set(bar.instrumentId, (this.used.get(bar.instrumentId) ?? 0) + fill.quantity);
        p.feeBase = fill.feeBase;
        p.fills++;
        const filled = toQuantity(o.filledQuantity + fill.quantity);
        p.order = { ...o, filledQuantity: filled, status: filled >= o.quantity ? 'filled' : 'partially_filled' };
        const tick = this.instruments.find((i) => i.id === o.instrumentId)!.tickSize;
        this.emit(
          {
            type: 'OrderFilled',
            fill: {
              fillId: `${o.clientOrderId}-${p.fills}`,
              clientOrderId: o.clientOrderId,
              instrumentId: o.instrumentId,
              side: o.side,
              price: toPrice(fill.price, tick),
              quantity: toQuantity(fill.quantity),
              fee: fill.fee,
              ts: bar.ts,
            },
            leavesQuantity: toQuantity(o.quantity - filled),
          },
          o.decisionId,
          event.tsEvent,
        );
      }
      if (p.order.status === 'filled') this.pending.splice(this.pending.indexOf(p), 1);
      else if (o.type === 'market' || o.type === 'stop' || o.timeInForce === 'ioc' || o.timeInForce === 'fok')
        this.close(p, fill ? 'unfilled remainder of an immediate order' : noFillReason(o, available), event.tsEvent);
    }
  }

  protected override onReset(): void {
    this.pending = [];
    this.lastBarTs = new Map();
    this.used = new Map();
  }

  override saveState(): AgentState {
    return {
      pending: JSON.parse(
        JSON.stringify(this.pending.map((p) => ({ ...p, afterTs: Number.isFinite(p.afterTs) ? p.afterTs : null }))),
      ) as AgentState,
    };
  }

  override loadState(state: AgentState): void {
    const s = state as unknown as { pending: (Pending & { afterTs: number | null })[] };
    this.pending = s.pending.map((p) => ({ ...p, afterTs: p.afterTs ?? -Infinity }));
  }

  reconcileWithJournal(progress: (clientOrderId: string) => JournalOrderProgress | null): void {
    this.pending = this.pending.flatMap((p) => {
      const j = progress(p.order.clientOrderId);
      if (isClosedInJournal(j)) return [];
      return [{ ...p, order: { ...p.order, filledQuantity: toQuantity(j!.filledQuantity), status: j!.status }, fills: j!.fills }];
    });
  }

  private close(p: Pending, reason: string, tsEvent?: number): void {
    this.pending.splice(this.pending.indexOf(p), 1);
    const o = p.order;
    this.emit(
      { type: 'OrderCanceled', clientOrderId: o.clientOrderId, leavesQuantity: toQuantity(o.quantity - o.filledQuantity), reason },
      o.decisionId,
      tsEvent,
    );
  }

  /**
   * `tsEvent`: for what a bar decided (a fill, an unfilled remainder), the bar's close — market time,
   * as the bar itself carries; a replay's clock is the wall clock, and a fill stamped with it fell on
   * today's date between two 2001 bars (the daily-loss day flipped back and forth).
   */
  private emit(event: VenueEventBody, decisionId: string | undefined, tsEvent?: number): void {
    this.publish(stampVenueEvent(event, this.id, this.ctx.clock.now(), decisionId, tsEvent));
  }
}

/** Why an order that trades at once did not fill on its bar. */
function noFillReason(o: Order, available: number): string {
  if (available <= 0) return 'no volume left in the next bar';
  if (o.timeInForce === 'fok') return 'fill or kill: the next bar did not have the whole quantity at the limit';
  return 'the next bar did not reach the limit';
}
