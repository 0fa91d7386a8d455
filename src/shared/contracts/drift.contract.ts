import { z } from 'zod';
import { defineContract } from './contract.ts';

export const ModelDriftSchema = z.object({
  modelId: z.string(),
  status: z.string(),
  reference: z.object({ rows: z.number().int(), source: z.string(), savedAt: z.number() }).nullable(),
  rows: z.number().int(),
  features: z.array(z.object({ feature: z.string(), psi: z.number() })),
  drifted: z.boolean(),
  outputs: z.object({ count: z.number().int(), meanDirection: z.number().nullable(), stdDirection: z.number().nullable() }),
  hitRate: z.number().nullable(),
  informationCoefficient: z.number().nullable(),
  scored: z.number().int(),
});
export type ModelDriftView = z.infer<typeof ModelDriftSchema>;

/** Each active and shadow model's drift: its inputs against its reference window (PSI), its outputs, its live hit rate and IC. */
export const driftContract = defineContract('drift', {
  models: { input: z.object({}).strict(), output: z.array(ModelDriftSchema) },
});
