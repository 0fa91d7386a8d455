import { toQuantity, type Price } from '../../../shared/domain/branded.ts';
import type { InstrumentId } from '../../../shared/domain/instrument.ts';
import { hasStopPrice, type Order } from '../../../shared/domain/orders.ts';
import { SIDE, type BookSide, type BookTrade } from '../../../native/index.ts';
import { Agent, type AgentContext, type AgentState } from '../../engine/agent.ts';
import { isClosedInJournal, type JournalOrderProgress, type OrderChanges, type Venue, type VenueOrderRequest } from '../venue.ts';
import { DEFAULT_FEES, feeForFill, type FeeModel } from './fee-model.ts';
import { DEFAULT_LATENCY, delay, type LatencyModel } from './latency-model.ts';
import { isOurs, OUR_ID_BASE, type SimulatedExchange } from './simulated-exchange.ts';
import { orderAmended, stampVenueEvent, type VenueEventBody } from '../venue-event.ts';
import { amendVenueOrder, validateVenueOrder } from '../validate-venue-order.ts';

interface Tracked {
  order: Order;
  bookId: number;
  feeBase: number;
  fills: number;
  cancelRequested: boolean;
}

const OPEN: ReadonlySet<Order['status']> = new Set(['submitted', 'accepted', 'partially_filled']);
const TIF_CODE = { day: 0, gtc: 0, ioc: 1, fok: 2 } as const;

/**
 * Our side of the paper exchange. Orders reach the book after the latency model's delay; limit
 * orders then wait their turn in the queue and market orders walk it. Stop and stop-limit orders
 * wait here, outside the book, until a trade at or through the stop (anyone's) sets them off; they
 * then enter the book as a market or limit order. Every step of the life cycle
 * (submitted, accepted, partially filled, filled, canceled, rejected with a reason) is an event.
 */
export class SimulatedVenue extends Agent implements Venue {
  readonly name = 'simulated';
  private readonly exchange: SimulatedExchange;
  private readonly fees: FeeModel;
  private readonly latency: LatencyModel;
  private orders = new Map<string, Tracked>();
  private byBookId = new Map<number, Tracked>();
  private nextBookId = OUR_ID_BASE;
  /** Stop and stop-limit orders accepted and waiting for their stop: held here, not in the book. */
  private waiting = new Set<Tracked>();
  /** Orders restored from a checkpoint: their book entries did not survive the restart. */
  private orphaned: Tracked[] = [];

  constructor(ctx: AgentContext, exchange: SimulatedExchange, options: { fees?: FeeModel; latency?: LatencyModel } = {}) {
    super('venue.simulated', ctx);
    this.exchange = exchange;
    this.fees = options.fees ?? DEFAULT_FEES;
    this.latency = options.latency ?? DEFAULT_LATENCY;
    exchange.onTrade((instrumentId, trade) => {
      this.onExchangeTrade(trade);
      this.triggerStops(instrumentId, trade.price);
    });
  }

  isConnected(): boolean {
    return this.state === 'running';
  }

  openOrders(): Order[] {
    return [...this.orders.values()].filter((t) => OPEN.has(t.order.status)).map((t) => ({ ...t.order }));
  }

  /** Our resting quantity per (side, price) for the ladder. */
  restingByPrice(instrumentId: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const t of this.orders.values()) {
      if (t.order.instrumentId !== instrumentId || !OPEN.has(t.order.status) || this.waiting.has(t) || t.order.limitPrice === undefined)
        continue;
      const key = `${t.order.side}:${t.order.limitPrice}`;
      out.set(key, (out.get(key) ?? 0) + t.order.quantity - t.order.filledQuantity);
    }
    return out;
  }

  submit(request: VenueOrderRequest): void {
    const now = this.ctx.clock.now();
    const order: Order = { ...request, status: 'submitted', filledQuantity: toQuantity(0), createdAt: now };
    const problem = this.orders.has(request.clientOrderId) ? 'duplicate client order id' : this.validate(request);
    this.emit({ type: 'OrderSubmitted', order }, request.decisionId);
    if (problem) {
      this.ctx.clock.after(delay(this.latency.submitMs, this.latency, this.ctx.random), () => {
        this.emit({ type: 'OrderRejected', clientOrderId: request.clientOrderId, reason: problem }, request.decisionId);
      });
      return;
    }
    const tracked: Tracked = { order, bookId: this.nextBookId++, feeBase: 0, fills: 0, cancelRequested: false };
    this.orders.set(order.clientOrderId, tracked);
    this.byBookId.set(tracked.bookId, tracked);
    this.ctx.clock.after(delay(this.latency.submitMs, this.latency, this.ctx.random), () => this.arrive(tracked));
  }

  cancel(clientOrderId: string): void {
    const t = this.orders.get(clientOrderId);
    if (!t || !OPEN.has(t.order.status) || t.cancelRequested) return;
    t.cancelRequested = true;
    if (t.order.status === 'submitted') return; // still in flight: canceled when it arrives
    this.ctx.clock.after(delay(this.latency.cancelMs, this.latency, this.ctx.random), () => {
      if (this.waiting.delete(t)) this.close(t, 'canceled', 'canceled on request before its stop was reached');
      else if (this.exchange.cancel(t.order.instrumentId, t.bookId).status === 'ok') this.close(t, 'canceled', 'canceled on request');
    });
  }

  amend(clientOrderId: string, changes: OrderChanges): void {
    const t = this.orders.get(clientOrderId);
    const refuse = (reason: string) => this.emit({ type: 'OrderAmendRejected', clientOrderId, reason }, t?.order.decisionId);
    if (!t || !OPEN.has(t.order.status)) return refuse('no working order with this id');
    const asked = this.amended(t, changes);
    if ('problem' in asked) return refuse(asked.problem);
    this.ctx.clock.after(delay(this.latency.cancelMs, this.latency, this.ctx.random), () => {
      if (!OPEN.has(t.order.status) || t.order.status === 'submitted') return refuse('the order was no longer in the book');
      // Its stop may have been set off meanwhile: the change is judged again as the order now stands.
      const r = this.amended(t, changes);
      if ('problem' in r) return refuse(r.problem);
      const next = r.order;
      t.order = next;
      this.emit(orderAmended(next), next.decisionId);
      // A waiting stop is not in the book: its new terms apply when it is set off.
      if (this.waiting.has(t)) return;
      const side: BookSide = next.side === 'buy' ? SIDE.buy : SIDE.sell;
      const m = this.exchange.modify(
        next.instrumentId,
        t.bookId,
        side,
        this.exchange.toTicks(next.instrumentId, next.limitPrice!),
        next.quantity - next.filledQuantity,
      );
      if (m.status !== 'ok') refuse(`the book refused the change: ${m.status}`);
    });
  }

  private amended(t: Tracked, changes: OrderChanges): { order: Order } | { problem: string } {
    // A stop still in flight has not been set off: it will wait once accepted.
    const waiting = this.waiting.has(t) || t.order.status === 'submitted';
    const instrument = this.exchange.instruments().find((i) => i.id === t.order.instrumentId);
    return amendVenueOrder(t.order, changes, waiting, instrument, 'simulated exchange');
  }

  /** Day orders still working when the UTC day ends expire. */
  private expireDayOrders(): void {
    for (const t of this.orders.values()) {
      if (t.order.timeInForce !== 'day' || !OPEN.has(t.order.status) || t.order.status === 'submitted') continue;
      if (!this.waiting.delete(t) && this.exchange.cancel(t.order.instrumentId, t.bookId).status !== 'ok') continue;
      t.order = { ...t.order, status: 'expired' };
      this.emit(
        {
          type: 'OrderExpired',
          clientOrderId: t.order.clientOrderId,
          leavesQuantity: toQuantity(t.order.quantity - t.order.filledQuantity),
        },
        t.order.decisionId,
      );
    }
  }

  cancelAll(reason: string): void {
    for (const t of this.orders.values()) if (OPEN.has(t.order.status)) this.cancel(t.order.clientOrderId);
    this.ctx.log.info({ reason, open: this.openOrders().length }, 'cancel-all sent to the simulated venue');
  }

  protected override onStart(): void {
    const day = 86_400_000;
    const untilMidnight = day - (this.ctx.clock.now() % day);
    this.after(untilMidnight, () => {
      this.expireDayOrders();
      this.every(day, () => this.expireDayOrders());
    });
    for (const t of this.orphaned) this.close(t, 'canceled', 'the simulated exchange restarted; its resting orders were dropped');
    this.orphaned = [];
  }

  protected override onReset(): void {
    this.orders = new Map();
    this.byBookId = new Map();
    this.nextBookId = OUR_ID_BASE;
    this.waiting = new Set();
    this.orphaned = [];
  }

  override saveState(): AgentState {
    return {
      nextBookId: this.nextBookId,
      orders: [...this.orders.values()].map((t) => JSON.parse(JSON.stringify(t)) as AgentState),
      waiting: [...this.waiting].map((t) => t.order.clientOrderId),
    };
  }

  override loadState(state: AgentState): void {
    // A copy: the orders change as they trade, and the caller's checkpoint must not change with them.
    const s = structuredClone(state) as unknown as { nextBookId: number; orders: Tracked[]; waiting?: string[] };
    this.onReset();
    this.nextBookId = s.nextBookId;
    const waiting = new Set(s.waiting ?? []);
    for (const t of s.orders) {
      this.orders.set(t.order.clientOrderId, t);
      this.byBookId.set(t.bookId, t);
      // A stop still waiting was never in the book: it keeps waiting.
      if (waiting.has(t.order.clientOrderId)) this.waiting.add(t);
      else if (OPEN.has(t.order.status)) this.orphaned.push(t);
    }
  }

  private validate(r: VenueOrderRequest): string | null {
    return validateVenueOrder(
      r,
      this.exchange.instruments().find((i) => i.id === r.instrumentId),
      'simulated exchange',
    );
  }

  reconcileWithJournal(progress: (clientOrderId: string) => JournalOrderProgress | null): void {
    for (const t of this.orders.values()) {
      const j = progress(t.order.clientOrderId);
      if (j) {
        t.order = { ...t.order, status: j.status, filledQuantity: toQuantity(j.filledQuantity) };
        t.fills = j.fills;
      }
    }
    // Closed in the journal since the checkpoint: no cancel is sent for an order that filled.
    this.orphaned = this.orphaned.filter((t) => !isClosedInJournal(progress(t.order.clientOrderId)));
  }

  private arrive(t: Tracked): void {
    if (t.cancelRequested) return this.close(t, 'canceled', 'canceled before it reached the book');
    const { order } = t;
    t.order = { ...order, status: 'accepted' };
    this.emit({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, venueOrderId: String(t.bookId) }, order.decisionId);
    if (hasStopPrice(order.type)) this.waiting.add(t);
    else this.enterBook(t);
  }

  /** Sets off the waiting stops of `instrumentId` that a trade at `priceTicks` reached; they enter the book once matching is over. */
  private triggerStops(instrumentId: InstrumentId, priceTicks: number): void {
    if (this.state !== 'running' || this.waiting.size === 0) return;
    const price = this.exchange.fromTicks(instrumentId, priceTicks);
    for (const t of this.waiting) {
      if (t.order.instrumentId !== instrumentId) continue;
      const stop = t.order.stopPrice!;
      if (t.order.side === 'buy' ? price < stop : price > stop) continue;
      this.waiting.delete(t);
      this.ctx.clock.after(0, () => {
        if (t.cancelRequested) this.close(t, 'canceled', 'canceled on request as its stop was reached');
        else if (OPEN.has(t.order.status)) this.enterBook(t);
      });
    }
  }

  /** Sends an accepted order (or a stop set off) to the book: a market order walks it, a limit order rests. */
  private enterBook(t: Tracked): void {
    const { order } = t;
    const side: BookSide = order.side === 'buy' ? SIDE.buy : SIDE.sell;
    const qty = order.quantity;
    const atMarket = order.type === 'market' || order.type === 'stop';
    const result = atMarket
      ? this.exchange.market(order.instrumentId, t.bookId, side, qty)
      : this.exchange.limit(
          order.instrumentId,
          t.bookId,
          side,
          this.exchange.toTicks(order.instrumentId, order.limitPrice!),
          qty,
          TIF_CODE[order.timeInForce],
        );
    if (result.status === 'killed') return this.close(t, 'canceled', 'fill or kill: not enough quantity at the limit');
    const immediate = atMarket || order.timeInForce === 'ioc';
    if (immediate && OPEN.has(t.order.status)) {
      this.close(
        t,
        'canceled',
        result.trades.length ? 'unfilled remainder of an immediate order' : 'no quantity available to fill against',
      );
    }
  }

  private onExchangeTrade(trade: BookTrade): void {
    if (this.state !== 'running') return;
    if (isOurs(trade.taker)) this.fill(trade.taker, trade);
    if (isOurs(trade.maker)) this.fill(trade.maker, trade);
  }

  private fill(bookId: number, trade: BookTrade): void {
    const t = this.byBookId.get(bookId);
    if (!t) return;
    const { order } = t;
    const price = this.exchange.fromTicks(order.instrumentId, trade.price);
    const { fee, baseAfter } = feeForFill(this.fees, trade.qty, price, t.feeBase);
    t.feeBase = baseAfter;
    t.fills++;
    const filled = toQuantity(order.filledQuantity + trade.qty);
    const leaves = toQuantity(order.quantity - filled);
    t.order = { ...order, filledQuantity: filled, status: leaves === 0 ? 'filled' : 'partially_filled' };
    const now = this.ctx.clock.now();
    this.emit(
      {
        type: 'OrderFilled',
        fill: {
          // The client order id, not the book id: book ids restart with the book after a crash,
          // and a reused fill id had made the journal refuse a fill the portfolio had applied.
          fillId: `${order.clientOrderId}-${t.fills}`,
          clientOrderId: order.clientOrderId,
          instrumentId: order.instrumentId,
          side: order.side,
          price: price as Price,
          quantity: toQuantity(trade.qty),
          fee,
          ts: now,
        },
        leavesQuantity: leaves,
      },
      order.decisionId,
    );
  }

  private close(t: Tracked, status: 'canceled', reason: string): void {
    t.order = { ...t.order, status };
    this.emit(
      {
        type: 'OrderCanceled',
        clientOrderId: t.order.clientOrderId,
        leavesQuantity: toQuantity(t.order.quantity - t.order.filledQuantity),
        reason,
      },
      t.order.decisionId,
    );
  }

  private emit(event: VenueEventBody, decisionId: string | undefined): void {
    this.publish(stampVenueEvent(event, this.id, this.ctx.clock.now(), decisionId));
  }
}
