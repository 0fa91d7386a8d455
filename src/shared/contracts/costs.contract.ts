import { z } from 'zod';
import { defineContract } from './contract.ts';

const money = z.number().nullable();
const TotalsSchema = z.object({
  orders: z.number(),
  filledNotional: z.number(),
  fees: z.number(),
  slippageVsDecision: z.number(),
  slippageVsArrival: z.number(),
  shortfall: z.number(),
});

export const CostReportSchema = z.object({
  orders: z.array(
    z.object({
      clientOrderId: z.string(),
      instrumentId: z.string(),
      side: z.enum(['buy', 'sell']),
      quantity: z.number(),
      filled: z.number(),
      averagePrice: money,
      fees: z.number(),
      decisionId: z.string().nullable(),
      decisionPrice: money,
      arrivalPrice: money,
      slippageVsDecision: money,
      slippageVsDecisionBps: money,
      slippageVsArrival: money,
      slippageVsArrivalBps: money,
      shortfall: money,
      parentId: z.string().nullable(),
    }),
  ),
  decisions: z.array(
    TotalsSchema.extend({ decisionId: z.string(), instrumentId: z.string(), action: z.string(), shares: z.record(z.string(), z.number()) }),
  ),
  agents: z.array(TotalsSchema.extend({ agentId: z.string(), decisions: z.number() })),
  parents: z.array(
    z.object({
      parentId: z.string(),
      instrumentId: z.string(),
      side: z.enum(['buy', 'sell']),
      quantity: z.number(),
      algo: z.string(),
      startedAt: z.number(),
      arrivalPrice: money,
      completed: z
        .object({
          status: z.string(),
          filledQuantity: z.number(),
          averagePrice: money,
          slippageBps: money,
          implementationShortfall: money,
          fees: z.number(),
        })
        .nullable(),
    }),
  ),
  totals: TotalsSchema,
});
export type CostReportView = z.infer<typeof CostReportSchema>;

/** What trading cost: per order, decision, agent and parent order, over a window of order creation times. */
export const costsContract = defineContract('costs', {
  report: {
    input: z.object({ fromMs: z.number().int().optional(), toMs: z.number().int().optional() }).strict(),
    output: CostReportSchema,
  },
});
