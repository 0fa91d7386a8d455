import { z } from 'zod';
import { defineContract } from './contract.ts';
import { ExecutionProviderSettingSchema } from '../domain/models.ts';

export { ExecutionProviderSettingSchema, type ExecutionProviderSetting } from '../domain/models.ts';

/** Latency of model runs as the inference process measured them (no IPC included). */
export const LoadedModelSchema = z.object({
  id: z.string(),
  provider: z.string(),
  fallbacks: z.array(z.string()),
  runs: z.number().int(),
  rows: z.number().int(),
  errors: z.number().int(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type LoadedModel = z.infer<typeof LoadedModelSchema>;

const sessionSpec = z.object({ path: z.string().min(1), rowShape: z.array(z.number().int().positive()).min(1).max(2) });

/** Served by the inference process to the engine (and to the CLI's offline import). */
export const inferenceContract = defineContract('inference', {
  status: {
    input: z.object({}).strict(),
    output: z.object({
      runtime: z.string(),
      version: z.string(),
      backends: z.array(z.string()),
      providerSetting: ExecutionProviderSettingSchema,
      models: z.array(LoadedModelSchema),
    }),
  },
  /** Loads a file, runs two rows of zeros through it and unloads it: what import asks before storing. */
  probe: {
    input: sessionSpec.strict(),
    output: z.object({ provider: z.string(), fallbacks: z.array(z.string()), sample: z.array(z.number()) }),
  },
  load: {
    input: sessionSpec.extend({ modelId: z.string().min(1) }).strict(),
    output: z.object({ provider: z.string(), fallbacks: z.array(z.string()) }),
  },
  unload: { input: z.object({ modelId: z.string() }).strict(), output: z.object({ unloaded: z.boolean() }) },
  /** `data` holds `rows` rows back to back; the answer has one value per row. */
  predict: {
    input: z.object({ modelId: z.string(), rows: z.number().int().positive(), data: z.array(z.number()) }).strict(),
    output: z.object({ values: z.array(z.number().nullable()), ms: z.number() }),
  },
  setProvider: {
    input: z.object({ setting: ExecutionProviderSettingSchema }).strict(),
    output: z.object({ reloaded: z.array(z.object({ id: z.string(), provider: z.string() })) }),
  },
});
