import { FEATURE_SCHEMA_KEY, FeatureSchemaSchema, scoresHeadlines, type FeatureSchema } from '../../shared/domain/models.ts';
import { FEATURE_NAMES, isFeatureName } from '../../shared/features/feature-library.ts';
import { HEADLINE_FEATURE_NAMES, isHeadlineFeatureName } from '../../shared/features/headline-features.ts';
import { NotOnnxError, readOnnxModel, type OnnxModelInfo } from './onnx/onnx-reader.ts';

export interface CheckedModel {
  info: OnnxModelInfo;
  schema: FeatureSchema;
  /** The input's shape after the batch dimension: [window × features] or [window, features]. */
  rowShape: number[];
}

export type ModelCheck = { ok: true; value: CheckedModel } | { ok: false; error: string };

/**
 * Checks an ONNX file against Quorum's contract before anything is stored: it parses, it carries a
 * valid feature schema naming known features, and its one input and first output have the shapes
 * that schema implies (a dynamic batch dimension first).
 */
export function checkModelFile(bytes: Uint8Array): ModelCheck {
  let info: OnnxModelInfo;
  try {
    info = readOnnxModel(bytes);
  } catch (err) {
    if (err instanceof NotOnnxError) return { ok: false, error: err.message };
    throw err;
  }
  const raw = info.metadata[FEATURE_SCHEMA_KEY];
  if (raw === undefined)
    return {
      ok: false,
      error: `the model has no "${FEATURE_SCHEMA_KEY}" entry in its metadata_props (feature names, window, horizon, output)`,
    };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { ok: false, error: `"${FEATURE_SCHEMA_KEY}" is not valid JSON: ${(err as Error).message}` };
  }
  const parsed = FeatureSchemaSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `"${FEATURE_SCHEMA_KEY}" is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  const schema = parsed.data;
  const problem = scoresHeadlines({ schema }) ? headlineSchemaProblem(schema) : barSchemaProblem(schema);
  if (problem) return { ok: false, error: problem };

  if (info.inputs.length !== 1) return { ok: false, error: `the model must have exactly one input, it has ${info.inputs.length}` };
  const input = info.inputs[0]!;
  if (input.elemType !== 1)
    return { ok: false, error: `input "${input.name}" must be float32 (ONNX type 1), it is type ${input.elemType}` };
  if (typeof input.shape[0] === 'number' && input.shape[0] !== -1)
    return { ok: false, error: `input "${input.name}" must have a dynamic batch dimension first, it has ${input.shape[0]}` };
  const width = schema.window * schema.features.length;
  const rest = input.shape.slice(1);
  const flat = rest.length === 1 && rest[0] === width;
  const windowed = rest.length === 2 && rest[0] === schema.window && rest[1] === schema.features.length;
  if (!flat && !windowed)
    return {
      ok: false,
      error: `input "${input.name}" has shape [${input.shape.join(', ')}]; the feature schema (${schema.features.length} features × window ${schema.window}) needs [batch, ${width}] or [batch, ${schema.window}, ${schema.features.length}]`,
    };
  const output = info.outputs[0];
  if (!output) return { ok: false, error: 'the model has no output' };
  if (output.elemType !== 1) return { ok: false, error: `output "${output.name}" must be float32, it is type ${output.elemType}` };
  const outRest = output.shape.slice(1);
  if (!(outRest.length === 0 || (outRest.length === 1 && outRest[0] === 1)))
    return {
      ok: false,
      error: `output "${output.name}" has shape [${output.shape.join(', ')}]; one value per row is needed: [batch] or [batch, 1]`,
    };
  return { ok: true, value: { info, schema, rowShape: flat ? [width] : [schema.window, schema.features.length] } };
}

function barSchemaProblem(schema: FeatureSchema): string | null {
  const unknown = schema.features.filter((f) => !isFeatureName(f));
  return unknown.length ? `unknown feature(s) ${unknown.join(', ')}; the feature library has ${FEATURE_NAMES.join(', ')}` : null;
}

/** A headline model takes one headline's lexicon features and gives its score, as the lexicon would. */
function headlineSchemaProblem(schema: FeatureSchema): string | null {
  const unknown = schema.features.filter((f) => !isHeadlineFeatureName(f));
  if (unknown.length) return `unknown headline feature(s) ${unknown.join(', ')}; the lexicon gives ${HEADLINE_FEATURE_NAMES.join(', ')}`;
  if (schema.window !== 1) return `a headline model reads one headline at a time: its window must be 1, it is ${schema.window}`;
  if (schema.output !== 'direction')
    return `a headline model gives a score in [-1, 1]: its output must be "direction", it is "${schema.output}"`;
  return null;
}
