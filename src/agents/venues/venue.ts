import type { Price, Quantity } from '../../shared/domain/branded.ts';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import type { Order, OrderSide, OrderType, TimeInForce } from '../../shared/domain/orders.ts';

/** What the execution side asks a venue to do. */
export interface VenueOrderRequest {
  clientOrderId: string;
  instrumentId: InstrumentId;
  side: OrderSide;
  type: OrderType;
  quantity: Quantity;
  limitPrice?: Price;
  stopPrice?: Price;
  timeInForce: TimeInForce;
  outsideRth?: boolean;
  decisionId?: string;
}

/**
 * A place where orders trade: the simulated exchange, or Interactive Brokers. Outcomes arrive as
 * bus events (OrderAccepted, OrderRejected, OrderFilled, OrderCanceled), never as return values,
 * because a real venue answers later and sometimes not at all.
 */
export interface Venue {
  readonly name: string;
  isConnected(): boolean;
  submit(request: VenueOrderRequest): void;
  cancel(clientOrderId: string): void;
  /**
   * Changes a working order's total quantity, limit price or stop price (OrderAmended or
   * OrderAmendRejected): a limit order, or a stop or stop-limit order (the stop price only while it
   * waits for its stop).
   */
  amend(clientOrderId: string, changes: OrderChanges): void;
  /** Cancels every working order of ours. */
  cancelAll(reason: string): void;
  /** The kill switch at a broker: every open order of the account, ours or not (IB's global cancel). */
  cancelEverything?(reason: string): void;
  openOrders(): Order[];
  /**
   * After a restart, before the venue starts: brings the orders restored from a checkpoint (which
   * may be seconds old) in line with the journal, which is the truth. Orders the journal shows
   * closed are dropped without an event; filled quantities and fill counts come from the journal,
   * so nothing fills twice and no fill id is reused.
   */
  reconcileWithJournal(progress: (clientOrderId: string) => JournalOrderProgress | null): void;
}

/** An amend's new terms: the order's new total quantity, limit price, stop price (each optional). */
export interface OrderChanges {
  quantity?: number;
  limitPrice?: number;
  stopPrice?: number;
}

/** What the journal's projections say of one order. */
export interface JournalOrderProgress {
  status: Order['status'];
  filledQuantity: number;
  fills: number;
}

const CLOSED: ReadonlySet<Order['status']> = new Set(['filled', 'canceled', 'rejected', 'expired']);

/** Whether the journal shows the order finished (nothing more can happen to it). */
export const isClosedInJournal = (p: JournalOrderProgress | null): boolean => p === null || CLOSED.has(p.status);
