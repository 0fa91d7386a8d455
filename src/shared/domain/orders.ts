import { z } from 'zod';
import { PriceSchema, QuantitySchema, TimestampSchema } from './branded.ts';
import { InstrumentIdSchema } from './instrument.ts';

export const OrderSideSchema = z.enum(['buy', 'sell']);
export type OrderSide = z.infer<typeof OrderSideSchema>;

export const OrderTypeSchema = z.enum(['market', 'limit']);
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
  timeInForce: TimeInForceSchema,
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
