import type { Price, Quantity } from '../../shared/domain/branded.ts';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import type { Order, OrderSide, TimeInForce } from '../../shared/domain/orders.ts';

/** What the execution side asks a venue to do. */
export interface VenueOrderRequest {
  clientOrderId: string;
  instrumentId: InstrumentId;
  side: OrderSide;
  type: 'market' | 'limit';
  quantity: Quantity;
  limitPrice?: Price;
  timeInForce: TimeInForce;
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
  /** Changes a working limit order's total quantity and/or limit price (OrderAmended or OrderAmendRejected). */
  amend(clientOrderId: string, changes: { quantity?: number; limitPrice?: number }): void;
  cancelAll(reason: string): void;
  openOrders(): Order[];
}
