import { z } from 'zod';
import { OrderSchema } from '../domain/orders.ts';
import { ParentOrderSpecSchema } from '../domain/execution.ts';
import { envelope } from './envelope.ts';

/** Commands ask for something and are named VerbNoun. */
export const HaltTradingSchema = z.object({
  type: z.literal('HaltTrading'),
  ...envelope,
  reason: z.string().min(1),
  flatten: z.boolean(),
});

/** Let only risk-reducing orders through (a breaker's milder action). */
export const ReduceTradingSchema = z.object({ type: z.literal('ReduceTrading'), ...envelope, reason: z.string().min(1) });

export const ResumeTradingSchema = z.object({ type: z.literal('ResumeTrading'), ...envelope, reason: z.string().min(1) });

export const SubmitOrderSchema = z.object({
  type: z.literal('SubmitOrder'),
  ...envelope,
  order: OrderSchema,
  /** A kill-switch flatten order: passes while HALTED, but only if it strictly reduces a position. */
  flatten: z.boolean().optional(),
});

export const CancelOrderSchema = z.object({ type: z.literal('CancelOrder'), ...envelope, clientOrderId: z.string() });

/** Change a working limit order's total quantity and/or limit price. */
export const AmendOrderSchema = z.object({
  type: z.literal('AmendOrder'),
  ...envelope,
  clientOrderId: z.string(),
  quantity: z.number().positive().optional(),
  limitPrice: z.number().positive().optional(),
  stopPrice: z.number().positive().optional(),
});

export const CancelAllOrdersSchema = z.object({ type: z.literal('CancelAllOrders'), ...envelope, reason: z.string() });

/** Work a parent order with an execution algorithm. */
export const StartAlgoSchema = z.object({
  type: z.literal('StartAlgo'),
  ...envelope,
  parentId: z.string().min(1),
  spec: ParentOrderSpecSchema,
});

export const CancelAlgoSchema = z.object({ type: z.literal('CancelAlgo'), ...envelope, parentId: z.string().min(1), reason: z.string() });

/** The trader lets the agents' targets become orders, or stops them (journaled like every change of state). */
export const SetAgentsTradingSchema = z.object({ type: z.literal('SetAgentsTrading'), ...envelope, enabled: z.boolean() });

export const EngineCommandSchema = z.discriminatedUnion('type', [
  HaltTradingSchema,
  ReduceTradingSchema,
  ResumeTradingSchema,
  SubmitOrderSchema,
  CancelOrderSchema,
  AmendOrderSchema,
  CancelAllOrdersSchema,
  StartAlgoSchema,
  CancelAlgoSchema,
  SetAgentsTradingSchema,
]);
export type EngineCommand = z.infer<typeof EngineCommandSchema>;
export type CommandOf<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;
