import { z } from 'zod';
import { InstrumentIdSchema } from '../domain/instrument.ts';
import {
  FillSchema,
  hasLimitPrice,
  hasStopPrice,
  OrderSchema,
  OrderSideSchema,
  OrderTypeSchema,
  TimeInForceSchema,
} from '../domain/orders.ts';
import { defineContract } from './contract.ts';

/** An order the trader types in. Outcomes arrive as events; the answer only says it was sent. */
export const OrderTicketSchema = z
  .object({
    instrumentId: InstrumentIdSchema,
    side: OrderSideSchema,
    type: OrderTypeSchema,
    quantity: z.number().finite().positive(),
    limitPrice: z.number().finite().positive().optional(),
    /** Stop and stop-limit orders: the price whose trade sets them off. */
    stopPrice: z.number().finite().positive().optional(),
    timeInForce: TimeInForceSchema.default('gtc'),
    outsideRth: z.boolean().optional(),
  })
  .strict()
  .refine((t) => !hasLimitPrice(t.type) || t.limitPrice !== undefined, {
    message: 'a limit or stop-limit order needs a limit price',
    path: ['limitPrice'],
  })
  .refine((t) => !hasStopPrice(t.type) || t.stopPrice !== undefined, {
    message: 'a stop or stop-limit order needs a stop price',
    path: ['stopPrice'],
  });

/** Orders: entry and cancels (through the pre-trade gate), open orders and fills. */
export const ordersContract = defineContract('orders', {
  submit: { input: OrderTicketSchema, output: z.object({ clientOrderId: z.string() }) },
  amend: {
    input: z
      .object({
        clientOrderId: z.string().min(1),
        quantity: z.number().finite().positive().optional(),
        limitPrice: z.number().finite().positive().optional(),
        stopPrice: z.number().finite().positive().optional(),
      })
      .strict()
      .refine((a) => a.quantity !== undefined || a.limitPrice !== undefined || a.stopPrice !== undefined, {
        message: 'give a new quantity, limit price or stop price',
        path: ['quantity'],
      }),
    output: z.object({ sent: z.boolean() }),
  },
  cancel: { input: z.object({ clientOrderId: z.string().min(1) }).strict(), output: z.object({ sent: z.boolean() }) },
  cancelAll: { input: z.object({}).strict(), output: z.object({ sent: z.number().int() }) },
  open: { input: z.object({}).strict(), output: z.array(OrderSchema) },
  fills: {
    input: z.object({ instrumentId: InstrumentIdSchema.optional(), limit: z.number().int().min(1).max(5000).default(500) }).strict(),
    output: z.array(FillSchema),
  },
});
