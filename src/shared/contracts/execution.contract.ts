import { z } from 'zod';
import { ParentOrderSpecSchema, ScheduledChildSchema } from '../domain/execution.ts';
import { defineContract } from './contract.ts';

export const ParentViewSchema = z.object({
  parentId: z.string(),
  spec: ParentOrderSpecSchema,
  status: z.enum(['working', 'filled', 'incomplete', 'canceled', 'interrupted']),
  filledQuantity: z.number(),
  childrenSent: z.number().int(),
  averagePrice: z.number().nullable(),
  arrivalPrice: z.number().nullable(),
  slippageBps: z.number().nullable(),
  implementationShortfall: z.number().nullable(),
  fees: z.number(),
});
export type ParentView = z.infer<typeof ParentViewSchema>;

/** Execution algorithms: preview a child schedule, start, cancel, and the parent orders' progress. */
export const executionContract = defineContract('execution', {
  preview: { input: ParentOrderSpecSchema, output: z.object({ schedule: z.array(ScheduledChildSchema), note: z.string() }) },
  start: { input: ParentOrderSpecSchema, output: z.object({ parentId: z.string() }) },
  cancel: { input: z.object({ parentId: z.string().min(1) }).strict(), output: z.object({ sent: z.boolean() }) },
  parents: { input: z.object({}).strict(), output: z.array(ParentViewSchema) },
});
