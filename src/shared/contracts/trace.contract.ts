import { z } from 'zod';
import { defineContract } from './contract.ts';

/** One journaled step in the life of an order: what happened, when, and its details. */
export const TraceStepSchema = z.object({
  seq: z.number().int(),
  ts: z.number().int(),
  type: z.string(),
  source: z.string(),
  summary: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
export type TraceStep = z.infer<typeof TraceStepSchema>;

/**
 * The decision card: from an order or a fill back to the decision that caused it (votes, weights,
 * model versions when there is one), the algorithm, the risk checks and the venue's answers.
 */
export const TraceSchema = z.object({
  clientOrderId: z.string(),
  decisionId: z.string().nullable(),
  parentId: z.string().nullable(),
  steps: z.array(TraceStepSchema),
  /**
   * The decision judged after its signals' horizon: the close then against the close it was made on
   * (`pending` until a bar past the horizon is recorded), and what the order paid against that price.
   */
  validation: z
    .object({
      horizonMs: z.number(),
      decisionPrice: z.number().nullable(),
      priceAfter: z.number().nullable(),
      movePercent: z.number().nullable(),
      verdict: z.enum(['right', 'wrong', 'flat', 'pending', 'held']),
      slippageBps: z.number().nullable(),
    })
    .nullable(),
});
export type Trace = z.infer<typeof TraceSchema>;

/** Which step of a decision's life a journal row is: the votes and decision, the optimizer's targets, or the order's. */
export function tracePhase(type: string): 'observe · reason' | 'plan' | 'act' {
  if (type === 'DecisionMade') return 'observe · reason';
  if (type === 'TargetsSet') return 'plan';
  return 'act';
}

export const traceContract = defineContract('trace', {
  order: { input: z.object({ clientOrderId: z.string().min(1) }).strict(), output: TraceSchema },
  fill: { input: z.object({ fillId: z.string().min(1) }).strict(), output: TraceSchema },
});
