import { z } from 'zod';
import { PriceSchema, QuantitySchema, TimestampSchema } from './branded.ts';
import { InstrumentIdSchema } from './instrument.ts';

export const OrderSideSchema = z.enum(['buy', 'sell']);
export type OrderSide = z.infer<typeof OrderSideSchema>;

/**
 * Market and limit orders trade on arrival; stop and stop-limit orders wait until the market trades
 * at or through their stop price (at or above it for a buy, at or below for a sell) and then trade
 * as a market or limit order.
 */
export const OrderTypeSchema = z.enum(['market', 'limit', 'stop', 'stop_limit']);
export type OrderType = z.infer<typeof OrderTypeSchema>;

export const TimeInForceSchema = z.enum(['day', 'gtc', 'ioc', 'fok']);
export type TimeInForce = z.infer<typeof TimeInForceSchema>;

/** Whether orders of a type carry a limit price (limit, stop-limit) or a stop price (stop, stop-limit). */
export const hasLimitPrice = (type: OrderType) => type === 'limit' || type === 'stop_limit';
export const hasStopPrice = (type: OrderType) => type === 'stop' || type === 'stop_limit';

/**
 * The times in force each type may have on every venue, the ticket's default first. A stop waits
 * for its stop, so it cannot be IOC or FOK; a market order cannot be FOK.
 */
export const TIMES_IN_FORCE: Record<OrderType, readonly TimeInForce[]> = {
  market: ['ioc', 'day', 'gtc'],
  limit: ['gtc', 'day', 'ioc', 'fok'],
  stop: ['gtc', 'day'],
  stop_limit: ['gtc', 'day'],
};

/** The order life cycle (DESIGN.md §3, step 4). */
export const OrderStatusSchema = z.enum([
  'initialized',
  'submitted',
  'accepted',
  'partially_filled',
  'filled',
  'canceled',
  'rejected',
  'expired',
]);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

export const OrderSchema = z.object({
  clientOrderId: z.string().min(1),
  instrumentId: InstrumentIdSchema,
  side: OrderSideSchema,
  type: OrderTypeSchema,
  quantity: QuantitySchema,
  limitPrice: PriceSchema.optional(),
  /** Stop and stop-limit orders: the price whose trade sets them off. */
  stopPrice: PriceSchema.optional(),
  timeInForce: TimeInForceSchema,
  /** May trade outside the instrument's regular hours (a broker's rule; the simulated venues trade around the clock). */
  outsideRth: z.boolean().optional(),
  status: OrderStatusSchema,
  filledQuantity: QuantitySchema,
  decisionId: z.string().optional(),
  createdAt: TimestampSchema,
});
export type Order = z.infer<typeof OrderSchema>;

export const FillSchema = z.object({
  fillId: z.string().min(1),
  clientOrderId: z.string().min(1),
  instrumentId: InstrumentIdSchema,
  side: OrderSideSchema,
  price: PriceSchema,
  quantity: QuantitySchema,
  fee: z.number().finite().nonnegative(),
  ts: TimestampSchema,
});
export type Fill = z.infer<typeof FillSchema>;

/**
 * An order the broker works that Quorum did not place (typed into TWS, or from another API client).
 * Shown to the trader and never managed: Quorum neither amends nor cancels it, except by the kill
 * switch's global cancel.
 */
export const ExternalOrderSchema = z.object({
  /** The broker's permanent id of the order (the same in TWS and every client). */
  permId: z.number().int(),
  /** The API client that placed it (0: TWS itself) and that client's order id. */
  clientId: z.number().int(),
  orderId: z.number().int(),
  symbol: z.string(),
  side: OrderSideSchema,
  quantity: z.number(),
  /** The broker's own name of the type (LMT, STP, TRAIL …): any type at all may be working there. */
  orderType: z.string(),
  limitPrice: z.number().nullable(),
  stopPrice: z.number().nullable(),
  status: z.string(),
  account: z.string(),
  orderRef: z.string(),
});
export type ExternalOrder = z.infer<typeof ExternalOrderSchema>;

/** `BUY 100 AAPL LMT 99.5 (TWS, permId 7)`: an external order in a few words, for alerts and panels. */
export function describeExternalOrder(o: ExternalOrder): string {
  const prices = [o.limitPrice, o.stopPrice].filter((p) => p !== null).join('/');
  const from = o.clientId === 0 ? 'TWS' : `client ${o.clientId}`;
  return `${o.side.toUpperCase()} ${o.quantity} ${o.symbol} ${o.orderType}${prices ? ` ${prices}` : ''} (${from}, permId ${o.permId})`;
}
