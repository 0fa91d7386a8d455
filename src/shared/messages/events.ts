import { z } from 'zod';
import { PriceSchema, QuantitySchema } from '../domain/branded.ts';
import { InstrumentIdSchema } from '../domain/instrument.ts';
import { BarSchema, QuoteSchema } from '../domain/market.ts';
import { DecisionSchema, SignalSchema } from '../domain/signals.ts';
import { TargetsSchema } from '../domain/consensus.ts';
import { ExternalOrderSchema, FillSchema, OrderSchema, OrderSideSchema } from '../domain/orders.ts';
import { RiskLimitsSchema, TradingStateSchema } from '../domain/risk.ts';
import { VenueModeSchema, VenueSettingsSchema } from '../domain/venue.ts';
import { ParentOrderSpecSchema, ScheduledChildSchema } from '../domain/execution.ts';
import { ExecutionProviderSettingSchema, ModelRecordSchema, ModelStatusSchema } from '../domain/models.ts';
import { envelope } from './envelope.ts';

/** Events state facts and are named NounPastVerb. */
export const BarClosedSchema = z.object({ type: z.literal('BarClosed'), ...envelope, bar: BarSchema });

export const SignalEmittedSchema = z.object({ type: z.literal('SignalEmitted'), ...envelope, signal: SignalSchema });

export const DecisionMadeSchema = z.object({ type: z.literal('DecisionMade'), ...envelope, decision: DecisionSchema });

/** The optimizer's target weights after a decision (carries the decision's id). */
export const TargetsSetSchema = z.object({ type: z.literal('TargetsSet'), ...envelope, targets: TargetsSchema });

/** The trader let the agents' targets become orders, or stopped them (off again after every restart). */
export const AgentsTradingChangedSchema = z.object({ type: z.literal('AgentsTradingChanged'), ...envelope, enabled: z.boolean() });

export const OrderSubmittedSchema = z.object({ type: z.literal('OrderSubmitted'), ...envelope, order: OrderSchema });

export const OrderDeniedSchema = z.object({
  type: z.literal('OrderDenied'),
  ...envelope,
  clientOrderId: z.string(),
  reasonCode: z.string(),
  detail: z.record(z.string(), z.union([z.number(), z.string()])),
});

/** Every pre-trade check passed; the order goes on to the venue. */
export const OrderApprovedSchema = z.object({
  type: z.literal('OrderApproved'),
  ...envelope,
  clientOrderId: z.string(),
  checks: z.array(z.string()),
  /** The instrument's last price the checks saw: the order's arrival price (the costs measure against it). */
  arrivalPrice: z.number().positive().nullable().optional(),
});

export const OrderFilledSchema = z.object({
  type: z.literal('OrderFilled'),
  ...envelope,
  fill: FillSchema,
  /** Quantity of the order still open after this fill (0 when the order is done). */
  leavesQuantity: QuantitySchema,
});

/**
 * The broker corrected an execution already journaled as `fill.fillId` (IB: the same execution id
 * numbered one higher after its last '.'). `fill` is the fill as it now stands, `was` what it said
 * before; positions and cash are restated as if the fill had been right from the start.
 */
export const FillCorrectedSchema = z.object({
  type: z.literal('FillCorrected'),
  ...envelope,
  /** The broker's id of the correction (journaled once: a unique key). */
  correctionId: z.string().min(1),
  fill: FillSchema,
  was: z.object({ price: PriceSchema, quantity: QuantitySchema, fee: z.number().finite().nonnegative() }),
});

/** The venue took the order into its book (or, for a market order, started to execute it). */
export const OrderAcceptedSchema = z.object({
  type: z.literal('OrderAccepted'),
  ...envelope,
  clientOrderId: z.string(),
  venueOrderId: z.string(),
});

/** The venue refused the order; nothing of it was executed. */
export const OrderRejectedSchema = z.object({
  type: z.literal('OrderRejected'),
  ...envelope,
  clientOrderId: z.string(),
  reason: z.string(),
});

/** The order is closed with `leavesQuantity` unfilled: canceled on request, or what IOC/market left. */
export const OrderCanceledSchema = z.object({
  type: z.literal('OrderCanceled'),
  ...envelope,
  clientOrderId: z.string(),
  leavesQuantity: QuantitySchema,
  reason: z.string(),
});

/** The venue applied an amend: the order's new total quantity and limit price. */
export const OrderAmendedSchema = z.object({
  type: z.literal('OrderAmended'),
  ...envelope,
  clientOrderId: z.string(),
  quantity: QuantitySchema,
  /** Absent for a stop (market) order. */
  limitPrice: PriceSchema.optional(),
  /** A stop or stop-limit order's stop price, as it now stands. */
  stopPrice: PriceSchema.optional(),
});

/** An amend was refused (the order was gone, or the change made no sense); the order is unchanged. */
export const OrderAmendRejectedSchema = z.object({
  type: z.literal('OrderAmendRejected'),
  ...envelope,
  clientOrderId: z.string(),
  reason: z.string(),
});

/** A day order reached the end of its trading day unfilled (in part or whole). */
export const OrderExpiredSchema = z.object({
  type: z.literal('OrderExpired'),
  ...envelope,
  clientOrderId: z.string(),
  leavesQuantity: QuantitySchema,
});

/** Best bid and ask changed (market data: not journaled). */
export const QuoteUpdatedSchema = z.object({ type: z.literal('QuoteUpdated'), ...envelope, quote: QuoteSchema });

/** A broker's history of an instrument was recorded before the session's bars (market data: not journaled; the chart reads it again). */
export const BarsBackfilledSchema = z.object({
  type: z.literal('BarsBackfilled'),
  ...envelope,
  instrumentId: z.string(),
  bars: z.number().int().nonnegative(),
});

/** A broker's market depth of an instrument changed (market data: not journaled; the ladder reads it). */
export const DepthUpdatedSchema = z.object({ type: z.literal('DepthUpdated'), ...envelope, instrumentId: z.string() });

/** A trade printed on the tape (market data: not journaled). `aggressor` is the taker's side. */
export const TradePrintedSchema = z.object({
  type: z.literal('TradePrinted'),
  ...envelope,
  instrumentId: InstrumentIdSchema,
  price: PriceSchema,
  quantity: QuantitySchema,
  aggressor: OrderSideSchema,
  ours: z.boolean(),
});

export const TradingStateChangedSchema = z.object({
  type: z.literal('TradingStateChanged'),
  ...envelope,
  from: TradingStateSchema,
  to: TradingStateSchema,
  reason: z.string(),
});

/** The trader changed the risk limits (the whole new set is recorded). */
export const RiskLimitsChangedSchema = z.object({ type: z.literal('RiskLimitsChanged'), ...envelope, limits: RiskLimitsSchema });

/**
 * The profile's venue changed (the mode, or where TWS listens): journaled before the engine starts
 * on it, with the guards that were passed — the positions carried across, acknowledged by the trader.
 */
export const VenueSwitchedSchema = z.object({
  type: z.literal('VenueSwitched'),
  ...envelope,
  from: VenueModeSchema,
  settings: VenueSettingsSchema,
  carriedPositions: z.record(z.string(), z.number()),
});

/**
 * A broker venue reconciled with the broker after connecting (every connect, before new orders):
 * fills it had missed and published, our orders it no longer had and closed, and the broker's
 * positions in this session's instruments (the risk manager compares them with the book).
 */
export const BrokerReconciledSchema = z.object({
  type: z.literal('BrokerReconciled'),
  ...envelope,
  venue: z.string(),
  account: z.string().nullable(),
  fillsRecovered: z.number().int().nonnegative(),
  ordersClosed: z.number().int().nonnegative(),
  ordersStillWorking: z.number().int().nonnegative(),
  positions: z.record(z.string(), z.number()),
  /** IB's account summary for the account traded (base currency), where IB sent it. */
  accountSummary: z
    .object({ netLiquidation: z.number(), buyingPower: z.number(), availableFunds: z.number(), currency: z.string() })
    .nullable(),
  /** Orders IB works that Quorum did not place (journals from before this field read as none). */
  externalOrders: z.array(ExternalOrderSchema).default([]),
});

/** Something the trader must see: a breaker tripped, a kill switch left something open … */
export const AlertRaisedSchema = z.object({
  type: z.literal('AlertRaised'),
  ...envelope,
  severity: z.enum(['info', 'warning', 'critical']),
  code: z.string(),
  message: z.string(),
  detail: z.record(z.string(), z.union([z.number(), z.string()])),
});

/** An algorithm started on a parent order, with the child schedule it previewed. */
export const AlgoStartedSchema = z.object({
  type: z.literal('AlgoStarted'),
  ...envelope,
  parentId: z.string(),
  spec: ParentOrderSpecSchema,
  schedule: z.array(ScheduledChildSchema),
  arrivalPrice: z.number().nullable(),
});

/** A parent order ended; slippage and shortfall are measured against the arrival price (costs > 0). */
export const AlgoCompletedSchema = z.object({
  type: z.literal('AlgoCompleted'),
  ...envelope,
  parentId: z.string(),
  status: z.enum(['filled', 'incomplete', 'canceled', 'interrupted']),
  reason: z.string(),
  filledQuantity: z.number(),
  averagePrice: z.number().nullable(),
  arrivalPrice: z.number().nullable(),
  slippageBps: z.number().nullable(),
  implementationShortfall: z.number().nullable(),
  fees: z.number(),
});

export const SessionStartedSchema = z.object({
  type: z.literal('SessionStarted'),
  ...envelope,
  sessionId: z.string(),
  mode: z.enum(['backtest', 'paper', 'live']),
  seed: z.number().int(),
  feed: z.string(),
});

/** A model file passed import and was stored as a new version. */
export const ModelRegisteredSchema = z.object({ type: z.literal('ModelRegistered'), ...envelope, model: ModelRecordSchema });

/** A model was activated, put in shadow (votes with weight zero, scored) or deactivated. */
export const ModelStatusChangedSchema = z.object({
  type: z.literal('ModelStatusChanged'),
  ...envelope,
  modelId: z.string(),
  from: ModelStatusSchema,
  to: ModelStatusSchema,
  reason: z.string(),
});

/** The regime watcher's most likely state of an instrument changed. */
export const RegimeChangedSchema = z.object({
  type: z.literal('RegimeChanged'),
  ...envelope,
  instrumentId: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  probabilities: z.array(z.number().min(0).max(1)),
  labels: z.array(z.string()),
});

/** The trader chose where models run (kept in the profile: a restarted inference process uses it again). */
export const ExecutionProviderChangedSchema = z.object({
  type: z.literal('ExecutionProviderChanged'),
  ...envelope,
  setting: ExecutionProviderSettingSchema,
});

/**
 * The profile's settings file changed: from the CLI (`quorum config set`), the Settings dialog, or by
 * hand (found when a session starts). Each change names its dotted path with the JSON text it had in
 * the file and has now (null: not in the file, so its default); `file` is the whole file after.
 */
export const SettingsChangedSchema = z.object({
  type: z.literal('SettingsChanged'),
  ...envelope,
  by: z.enum(['cli', 'ui', 'file']),
  changes: z.array(z.object({ path: z.string().min(1), from: z.string().nullable(), to: z.string().nullable() })).min(1),
  file: z.record(z.string(), z.unknown()),
});

/**
 * The trader checkpointed, restored or wiped one agent's memory (while the agents were not trading):
 * which checkpoint, and the SHA-256 of the memory it holds (none for a wipe).
 */
export const AgentMemoryChangedSchema = z.object({
  type: z.literal('AgentMemoryChanged'),
  ...envelope,
  agentId: z.string().min(1),
  action: z.enum(['checkpoint', 'restore', 'reset']),
  checkpointId: z.number().int().nullable(),
  stateHash: z.string().nullable(),
});

/** The trader acknowledged an alert (by its journal seq): seen, and off the list of those waiting. */
export const AlertAcknowledgedSchema = z.object({
  type: z.literal('AlertAcknowledged'),
  ...envelope,
  alertSeq: z.number().int().positive(),
});

/** The regime watcher's state probabilities after a bar (market data: not journaled). */
export const RegimeEstimatedSchema = z.object({
  type: z.literal('RegimeEstimated'),
  ...envelope,
  instrumentId: z.string(),
  probabilities: z.array(z.number().min(0).max(1)),
  labels: z.array(z.string()),
});

/** Market data events: delivered on the bus and to the UI, never journaled (bars are recorded apart). */
export const MARKET_DATA_EVENTS: ReadonlySet<string> = new Set([
  'BarClosed',
  'BarsBackfilled',
  'QuoteUpdated',
  'DepthUpdated',
  'TradePrinted',
  'RegimeEstimated',
]);

export const EngineEventSchema = z.discriminatedUnion('type', [
  BarClosedSchema,
  SignalEmittedSchema,
  DecisionMadeSchema,
  TargetsSetSchema,
  AgentsTradingChangedSchema,
  OrderSubmittedSchema,
  OrderDeniedSchema,
  OrderApprovedSchema,
  OrderFilledSchema,
  FillCorrectedSchema,
  OrderAcceptedSchema,
  OrderRejectedSchema,
  OrderCanceledSchema,
  OrderAmendedSchema,
  OrderAmendRejectedSchema,
  OrderExpiredSchema,
  QuoteUpdatedSchema,
  DepthUpdatedSchema,
  BarsBackfilledSchema,
  TradePrintedSchema,
  TradingStateChangedSchema,
  RiskLimitsChangedSchema,
  VenueSwitchedSchema,
  BrokerReconciledSchema,
  AlertRaisedSchema,
  AlgoStartedSchema,
  AlgoCompletedSchema,
  SessionStartedSchema,
  ModelRegisteredSchema,
  ModelStatusChangedSchema,
  ExecutionProviderChangedSchema,
  SettingsChangedSchema,
  AgentMemoryChangedSchema,
  AlertAcknowledgedSchema,
  RegimeChangedSchema,
  RegimeEstimatedSchema,
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;
export type EngineEventType = EngineEvent['type'];
export type EventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;

/** Every event type, in a fixed order (agents subscribe by naming a handler `on<Type>`). */
export const ENGINE_EVENT_TYPES = EngineEventSchema.options.map((o) => o.shape.type.value) as EngineEventType[];
