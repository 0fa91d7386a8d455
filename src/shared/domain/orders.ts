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
