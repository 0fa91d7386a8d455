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
});
export type Trace = z.infer<typeof TraceSchema>;

export const traceContract = defineContract('trace', {
  order: { input: z.object({ clientOrderId: z.string().min(1) }).strict(), output: TraceSchema },
  fill: { input: z.object({ fillId: z.string().min(1) }).strict(), output: TraceSchema },
});
