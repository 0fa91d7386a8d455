import { z } from 'zod';
import { BarSchema } from '../domain/market.ts';
import { DecisionSchema, SignalSchema } from '../domain/signals.ts';
import { FillSchema, OrderSchema } from '../domain/orders.ts';
import { TradingStateSchema } from '../domain/risk.ts';
import { envelope } from './envelope.ts';

/** Events state facts and are named NounPastVerb. */
export const BarClosedSchema = z.object({ type: z.literal('BarClosed'), ...envelope, bar: BarSchema });

export const SignalEmittedSchema = z.object({ type: z.literal('SignalEmitted'), ...envelope, signal: SignalSchema });

export const DecisionMadeSchema = z.object({ type: z.literal('DecisionMade'), ...envelope, decision: DecisionSchema });

export const OrderSubmittedSchema = z.object({ type: z.literal('OrderSubmitted'), ...envelope, order: OrderSchema });

export const OrderDeniedSchema = z.object({
  type: z.literal('OrderDenied'),
  ...envelope,
  clientOrderId: z.string(),
  reasonCode: z.string(),
  detail: z.record(z.string(), z.union([z.number(), z.string()])),
});

export const OrderFilledSchema = z.object({ type: z.literal('OrderFilled'), ...envelope, fill: FillSchema });

export const TradingStateChangedSchema = z.object({
  type: z.literal('TradingStateChanged'),
  ...envelope,
  from: TradingStateSchema,
  to: TradingStateSchema,
  reason: z.string(),
});

export const SessionStartedSchema = z.object({
  type: z.literal('SessionStarted'),
  ...envelope,
  sessionId: z.string(),
  mode: z.enum(['backtest', 'paper', 'live']),
  seed: z.number().int(),
  feed: z.string(),
});

export const EngineEventSchema = z.discriminatedUnion('type', [
  BarClosedSchema,
  SignalEmittedSchema,
  DecisionMadeSchema,
  OrderSubmittedSchema,
  OrderDeniedSchema,
  OrderFilledSchema,
  TradingStateChangedSchema,
  SessionStartedSchema,
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;
export type EngineEventType = EngineEvent['type'];
export type EventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;

/** Every event type, in a fixed order (agents subscribe by naming a handler `on<Type>`). */
export const ENGINE_EVENT_TYPES = EngineEventSchema.options.map((o) => o.shape.type.value) as EngineEventType[];
