import { z } from 'zod';
import { RiskLimitsSchema } from '../domain/risk.ts';
import { defineContract } from './contract.ts';

/** One limit with how much of it is used now (usage is current / limit; above 1 is a breach). */
export const LimitUsageSchema = z.object({
  key: z.string(),
  label: z.string(),
  limit: z.number(),
  current: z.number(),
  usage: z.number(),
  unit: z.string(),
});
export type LimitUsage = z.infer<typeof LimitUsageSchema>;

export const AlertSchema = z.object({
  seq: z.number().int(),
  ts: z.number().int(),
  severity: z.enum(['info', 'warning', 'critical']),
  code: z.string(),
  message: z.string(),
  /** What the alert is about (a market anomaly: instrumentId, returnZ, volumeZ). */
  detail: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  /** When the trader acknowledged it (null: not yet). */
  acknowledgedAt: z.number().int().nullable().optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** The risk manager's limits (editable, validated, journaled), their usage and the alert history. */
export const riskContract = defineContract('risk', {
  limits: { input: z.object({}).strict(), output: RiskLimitsSchema },
  setLimits: { input: RiskLimitsSchema, output: RiskLimitsSchema },
  usage: { input: z.object({}).strict(), output: z.array(LimitUsageSchema) },
  portfolioVar: {
    input: z
      .object({
        level: z.number().gt(0).lt(1).default(0.99),
        method: z.enum(['historical', 'parametric', 'montecarlo']).default('historical'),
        horizonBars: z.number().int().min(1).max(1_000).default(1),
      })
      .strict(),
    output: z.union([
      z.object({
        method: z.string(),
        level: z.number(),
        horizonBars: z.number().int(),
        barMs: z.number(),
        n: z.number().int(),
        var: z.number(),
        es: z.number(),
        varMoney: z.number(),
        esMoney: z.number(),
        equity: z.number(),
      }),
      z.object({ reason: z.string() }),
    ]),
  },
  /** The newest alerts first; `code` and `instrumentId` narrow them (the chart asks for one instrument's anomalies). */
  alerts: {
    input: z
      .object({
        limit: z.number().int().min(1).max(2_000).default(50),
        code: z.string().min(1).optional(),
        instrumentId: z.string().min(1).optional(),
      })
      .strict(),
    output: z.array(AlertSchema),
  },
  /** Acknowledges an alert (journaled); acknowledging one twice changes nothing. */
  acknowledgeAlert: {
    input: z.object({ seq: z.number().int().positive() }).strict(),
    output: z.object({ acknowledged: z.boolean(), message: z.string() }),
  },
});
