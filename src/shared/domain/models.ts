import { z } from 'zod';

/** Where models run: a GPU provider where there is one (`auto` tries them and falls back to the CPU). */
export const ExecutionProviderSettingSchema = z.enum(['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu']);
export type ExecutionProviderSetting = z.infer<typeof ExecutionProviderSettingSchema>;

/** What a model expects and means, carried in its ONNX metadata_props under `quorum.features`. */
export const FeatureSchemaSchema = z.object({
  /** Names from the feature library (shared/features), in input order. */
  features: z.array(z.string().min(1)).min(1).max(256),
  /** Bars of history per row: the input is [batch, window × features] or [batch, window, features]. */
  window: z.number().int().min(1).max(512),
  /** Bars ahead the output speaks about. */
  horizon: z.number().int().min(1).max(10_000),
  /** p_up: probability the close is higher after `horizon` bars; direction: a score in [-1, 1]. */
  output: z.enum(['p_up', 'direction']),
  description: z.string().max(2_000).optional(),
  /**
   * What a row is: bars (the default: features from the feature library over `window` bars), or one
   * headline (the lexicon's feature vector, shared/features/headline-features): a model that scores
   * headlines for the news analyst in the lexicon's place.
   */
  input: z.enum(['bars', 'headline']).optional(),
});
export type FeatureSchema = z.infer<typeof FeatureSchemaSchema>;

/** A model that scores headlines for the news analyst, not bars for the model analyst. */
export const scoresHeadlines = (model: { schema: FeatureSchema }) => model.schema.input === 'headline';
export const FEATURE_SCHEMA_KEY = 'quorum.features';

export const ModelStatusSchema = z.enum(['active', 'shadow', 'inactive']);
export type ModelStatus = z.infer<typeof ModelStatusSchema>;

export const ModelRecordSchema = z.object({
  /** `name@version`, stable for the life of the data directory. */
  id: z.string(),
  name: z.string(),
  version: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  schema: FeatureSchemaSchema,
  status: ModelStatusSchema,
  importedAt: z.number().int(),
});
export type ModelRecord = z.infer<typeof ModelRecordSchema>;

export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
