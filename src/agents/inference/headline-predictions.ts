import { readFileSync } from 'node:fs';
import { scoresHeadlines } from '../../shared/domain/models.ts';
import type { Headline } from '../../shared/domain/news.ts';
import { isHeadlineFeatureName } from '../../shared/features/headline-features.ts';
import { scoreHeadline } from '../analysts/news/lexicon-scorer.ts';
import { checkModelFile } from '../models/model-check.ts';
import { batchModelName } from './batch-predictions.ts';
import { openSession, runRows } from './onnx-session.ts';

/**
 * A headline model over a backtest's headlines, up front (`quorum backtest --news FILE --news-model
 * MODEL.onnx`): each headline's lexicon features in the order its schema names them, one batch on
 * CPU; the score (clamped to [-1, 1] by the analyst) by headline id. The model passes the same
 * checks as an imported one and must say it takes headlines.
 */
export async function scoreHeadlinesWithModel(
  file: string,
  headlines: readonly Headline[],
): Promise<{ modelId: string; scores: Map<string, number> }> {
  const bytes = new Uint8Array(readFileSync(file));
  const checked = checkModelFile(bytes);
  if (!checked.ok) throw new Error(`${file}: ${checked.error}`);
  const { schema, rowShape } = checked.value;
  if (!scoresHeadlines({ schema }))
    throw new Error(`${file} scores bars, not headlines (its quorum.features has no "input": "headline"): give it with --model`);
  const features = schema.features.filter(isHeadlineFeatureName);
  const data = new Float32Array(headlines.length * features.length);
  headlines.forEach((h, r) => {
    const vector = scoreHeadline(h.headline).features;
    features.forEach((f, k) => (data[r * features.length + k] = vector[f]));
  });
  const scores = new Map<string, number>();
  if (headlines.length) {
    const { session } = await openSession(bytes, 'cpu');
    const out = await runRows(session, data, headlines.length, rowShape);
    await session.release();
    headlines.forEach((h, r) => scores.set(h.id, out[r]!));
  }
  return { modelId: `${batchModelName(file)}@batch`, scores };
}
