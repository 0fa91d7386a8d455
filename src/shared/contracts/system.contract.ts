import { z } from 'zod';
import { defineContract } from './contract.ts';
import { VenueModeSchema } from '../domain/venue.ts';
import { ExternalOrderSchema } from '../domain/orders.ts';

export const EngineModeSchema = z.enum(['backtest', 'paper', 'live']);
export type EngineMode = z.infer<typeof EngineModeSchema>;

export const InferenceHealthSchema = z.object({
  state: z.enum(['connected', 'unavailable']),
  runtime: z.string().optional(),
  version: z.string().optional(),
  backends: z.array(z.string()),
  roundTripMs: z.number().nonnegative().optional(),
  checkedAt: z.number().int(),
  error: z.string().optional(),
});
export type InferenceHealth = z.infer<typeof InferenceHealthSchema>;

/** The connection to a broker (Interactive Brokers) as the connection panel shows it. */
export const BrokerConnectionSchema = z.object({
  state: z.enum(['connecting', 'waiting-for-login', 'client-id-in-use', 'reconciling', 'connected', 'ib-servers-lost', 'refused']),
  host: z.string(),
  port: z.number().int(),
  clientId: z.number().int(),
  accounts: z.array(z.string()),
  account: z.string().nullable(),
  serverVersion: z.number().int().nullable(),
  detail: z.string(),
  since: z.number().int(),
  /** Why IB sends no market data while connected (10197: a competing session of the same login), or null. */
  marketDataHalted: z.string().nullable().default(null),
  /** The last reconciliation on connecting (also journaled as BrokerReconciled). */
  lastReconciliation: z
    .object({
      at: z.number().int(),
      fillsRecovered: z.number().int(),
      ordersClosed: z.number().int(),
      ordersStillWorking: z.number().int(),
      positions: z.record(z.string(), z.number()),
      accountSummary: z
        .object({ netLiquidation: z.number(), buyingPower: z.number(), availableFunds: z.number(), currency: z.string() })
        .nullable(),
      externalOrders: z.array(ExternalOrderSchema),
    })
    .nullable(),
});
export type BrokerConnection = z.infer<typeof BrokerConnectionSchema>;

/** The engine's Prometheus metrics read for a person: totals per counter, latency percentiles, event-loop lag. */
export const MetricsSummarySchema = z.object({
  /** When the engine started counting (its start: the counters begin again after a restart). */
  since: z.number().int(),
  counters: z.array(
    z.object({
      name: z.string(),
      help: z.string(),
      total: z.number(),
      /** Per label value (action, status, reason, instrument, code), largest first. */
      byLabel: z.array(z.object({ label: z.string(), value: z.number() })),
    }),
  ),
  /** Each latency histogram (per model for inference): percentiles estimated from its buckets, as Prometheus does. */
  latencies: z.array(
    z.object({
      name: z.string(),
      help: z.string(),
      label: z.string().nullable(),
      count: z.number().int(),
      p50Ms: z.number().nullable(),
      p99Ms: z.number().nullable(),
    }),
  ),
  /** How late the event loop ran its timers (the monitor's 10 ms resolution taken off), or null before any sample. */
  eventLoopLagMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }).nullable(),
});
export type MetricsSummary = z.infer<typeof MetricsSummarySchema>;

/** What the engine says about itself: where it trades, from which feed, into which file. */
export const systemContract = defineContract('system', {
  info: {
    input: z.object({}).strict(),
    output: z.object({
      version: z.string(),
      mode: EngineModeSchema,
      venueMode: VenueModeSchema,
      venue: z.string(),
      feed: z.string(),
      seed: z.number().int(),
      sessionId: z.string(),
      dataFile: z.string(),
      startedAt: z.number().int(),
      nativeBook: z.boolean(),
    }),
  },
  health: {
    input: z.object({}).strict(),
    output: z.object({ inference: InferenceHealthSchema, journalSeq: z.number().int(), broker: BrokerConnectionSchema.nullable() }),
  },
  /** The engine's metrics, or null where it does not count them (a test's kernel). */
  metrics: { input: z.object({}).strict(), output: MetricsSummarySchema.nullable() },
});
