import { z } from 'zod';
import { ModelRecordSchema, ModelStatusSchema } from '../domain/models.ts';
import { defineContract } from './contract.ts';
import { ExecutionProviderSettingSchema, LoadedModelSchema } from './inference.contract.ts';

export const ModelAgentStatsSchema = z.object({
  modelId: z.string(),
  status: ModelStatusSchema,
  calls: z.number().int(),
  signals: z.number().int(),
  /** Votes recorded as missing: deadline passed or inference unavailable. */
  missing: z.number().int(),
  /** Runs that failed or returned a non-finite value. */
  errors: z.number().int(),
  lastError: z.string().nullable(),
  degraded: z.boolean(),
  /** Round trip engine → inference → engine, as the engine saw it. */
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  scored: z.number().int(),
  hitRate: z.number().nullable(),
});
export type ModelAgentStats = z.infer<typeof ModelAgentStatsSchema>;

/** The model registry and the model analyst, as the UI and the CLI see them. */
export const modelsContract = defineContract('models', {
  list: {
    input: z.object({}).strict(),
    output: z.object({
      models: z.array(ModelRecordSchema),
      stats: z.array(ModelAgentStatsSchema),
      loaded: z.array(LoadedModelSchema),
      providerSetting: ExecutionProviderSettingSchema.nullable(),
      inference: z.enum(['connected', 'unavailable']),
      deadlineMs: z.number(),
    }),
  },
  import: {
    input: z.object({ name: z.string().optional(), uploadId: z.string().min(1) }).strict(),
    output: z.object({ record: ModelRecordSchema, provider: z.string(), fallbacks: z.array(z.string()) }),
  },
  setStatus: { input: z.object({ modelId: z.string(), status: ModelStatusSchema }).strict(), output: ModelRecordSchema },
  setProvider: {
    input: z.object({ setting: ExecutionProviderSettingSchema }).strict(),
    output: z.object({ reloaded: z.array(z.object({ id: z.string(), provider: z.string() })) }),
  },
});
