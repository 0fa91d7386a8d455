import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { driftContract } from '../../shared/contracts/drift.contract.ts';
import { scoresHeadlines, type ModelRecord } from '../../shared/domain/models.ts';
import type { Kernel } from '../engine/kernel.ts';
import { isHeadlineFeatureName } from '../../shared/features/headline-features.ts';
import {
  DRIFT_PSI_THRESHOLD,
  MIN_REFERENCE_HEADLINES,
  RECENT_HEADLINES,
  RECENT_ROWS,
  REFERENCE_ROWS,
  featureColumns,
  modelDrift,
  referenceFrom,
  referenceFromBars,
  type ModelDrift,
} from '../models/model-drift.ts';
import { readModelReference, saveModelReference } from '../store/model-references.ts';
import { loadBarSeries } from '../venues/simulated/load-replay.ts';

/** How often the models' drift is measured in a paper or live session. */
const CHECK_EVERY_MS = 30_000;
/** Bars read per instrument for the recent window (the longest feature's warm-up beyond the rows compared). */
const RECENT_BARS = RECENT_ROWS + 300;

type DriftDeps = Pick<Kernel, 'services' | 'store' | 'models' | 'market' | 'clock' | 'bus' | 'options' | 'onStop' | 'news'>;

/**
 * The shipped default model's reference window: the last rows of its training data (the bars file and
 * the end of training its report names), when both are at hand.
 */
function defaultModelReference(kernel: DriftDeps, model: ModelRecord) {
  const modelFile = kernel.options.defaultModelPath;
  const report = modelFile?.replace(/\.onnx$/, '.report.json');
  if (!report || !existsSync(report) || !kernel.options.bundledDataDir) return null;
  const { data, recipe } = JSON.parse(readFileSync(report, 'utf8')) as { data: string; recipe: { trainTo: string } };
  const loaded = loadBarSeries(join(kernel.options.bundledDataDir, basename(data)));
  if (!loaded.ok) return null;
  const end = Date.parse(recipe.trainTo) + 86_400_000;
  const bars = loaded.value.bars.between(undefined, end - 1).toArray();
  return referenceFromBars(model, [bars], `training data: ${basename(data)} to ${recipe.trainTo}`, kernel.clock.now());
}

/**
 * Drift of the active and shadow models: each gets a reference window once (the default model its
 * training data's; another bar model the bars the profile had recorded when it was first checked; a
 * headline model the headlines the session had read once there are 100), then its inputs are
 * compared with it every 30 s in paper and live sessions, alerting `MODEL_DRIFT` once per episode
 * when a feature's PSI passes 0.25.
 */
export function registerDriftServices(kernel: DriftDeps, threshold = DRIFT_PSI_THRESHOLD): void {
  const recent = () => kernel.market.instruments.map((i) => kernel.store.bars.latest(i.id, RECENT_BARS));
  /** A headline model's inputs: the lexicon's feature vectors of the headlines read (none without a news analyst). */
  const headlineInputs = (model: ModelRecord, rows: number) =>
    kernel.news?.headlineInputs(model.schema.features.filter(isHeadlineFeatureName), rows, model.id) ?? {
      window: { columns: {}, rows: 0 },
      scores: [],
    };
  const ensureReference = (model: ModelRecord) => {
    if (readModelReference(kernel.store.db, model.id)) return;
    const now = kernel.clock.now();
    const when = new Date(now).toISOString().slice(0, 16).replace('T', ' ');
    const reference =
      model.name === 'quorum-default'
        ? defaultModelReference(kernel, model)
        : scoresHeadlines(model)
          ? referenceFrom(
              model,
              headlineInputs(model, REFERENCE_ROWS).window,
              `headlines read up to ${when} UTC`,
              now,
              MIN_REFERENCE_HEADLINES,
            )
          : referenceFromBars(model, recent(), `bars recorded up to ${when} UTC`, now);
    if (reference) saveModelReference(kernel.store.db, reference);
  };
  const measure = (): ModelDrift[] =>
    kernel.models
      .list()
      .filter((m) => m.status !== 'inactive')
      .map((m) => {
        ensureReference(m);
        if (!scoresHeadlines(m)) return modelDrift(kernel.store.db, m, featureColumns(recent(), m.schema.features, RECENT_ROWS), threshold);
        const { window, scores } = headlineInputs(m, RECENT_HEADLINES);
        return modelDrift(kernel.store.db, m, window, threshold, scores);
      });
  kernel.services.register(driftContract, { models: () => measure() });

  if (kernel.options.mode === 'backtest') return;
  const alerted = new Set<string>();
  const stop = kernel.clock.every(CHECK_EVERY_MS, () => {
    for (const d of measure()) {
      if (!d.drifted) {
        alerted.delete(d.modelId);
        continue;
      }
      if (alerted.has(d.modelId)) continue;
      alerted.add(d.modelId);
      const shifted = d.features.filter((f) => f.psi > threshold);
      const now = kernel.clock.now();
      kernel.bus.publish('AlertRaised', {
        type: 'AlertRaised',
        tsEvent: now,
        tsInit: now,
        source: 'models.drift',
        severity: 'warning',
        code: 'MODEL_DRIFT',
        message: `model ${d.modelId}: its inputs drifted from its reference (${d.reference?.source}): ${shifted
          .slice(0, 3)
          .map((f) => `${f.feature} PSI ${f.psi.toFixed(2)}`)
          .join(', ')}${shifted.length > 3 ? ` and ${shifted.length - 3} more` : ''} (above ${threshold})`,
        detail: { modelId: d.modelId, worstFeature: shifted[0]!.feature, worstPsi: shifted[0]!.psi },
      });
    }
  });
  kernel.onStop(stop);
}
