import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { driftContract } from '../../shared/contracts/drift.contract.ts';
import { scoresHeadlines, type ModelRecord } from '../../shared/domain/models.ts';
import type { Kernel } from '../engine/kernel.ts';
import { DRIFT_PSI_THRESHOLD, RECENT_ROWS, modelDrift, referenceFromBars, type ModelDrift } from '../models/model-drift.ts';
import { readModelReference, saveModelReference } from '../store/model-references.ts';
import { loadBarSeries } from '../venues/simulated/load-replay.ts';

/** How often the models' drift is measured in a paper or live session. */
const CHECK_EVERY_MS = 30_000;
/** Bars read per instrument for the recent window (the longest feature's warm-up beyond the rows compared). */
const RECENT_BARS = RECENT_ROWS + 300;

type DriftDeps = Pick<Kernel, 'services' | 'store' | 'models' | 'market' | 'clock' | 'bus' | 'options' | 'onStop'>;

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
  const bars = loaded.value.bars.filter((b) => b.ts < end);
  return referenceFromBars(model, [bars], `training data: ${basename(data)} to ${recipe.trainTo}`, kernel.clock.now());
}

/**
 * Drift of the active and shadow models: each gets a reference window once (the default model its
 * training data's; another the bars the profile had recorded when it was first checked), then its
 * inputs are compared with it every 30 s in paper and live sessions, alerting `MODEL_DRIFT` once per
 * episode when a feature's PSI passes 0.25.
 */
export function registerDriftServices(kernel: DriftDeps, threshold = DRIFT_PSI_THRESHOLD): void {
  const recent = () => kernel.market.instruments.map((i) => kernel.store.bars.latest(i.id, RECENT_BARS));
  const ensureReference = (model: ModelRecord) => {
    if (readModelReference(kernel.store.db, model.id)) return;
    const when = new Date(kernel.clock.now()).toISOString().slice(0, 16).replace('T', ' ');
    const reference =
      model.name === 'quorum-default'
        ? defaultModelReference(kernel, model)
        : referenceFromBars(model, recent(), `bars recorded up to ${when} UTC`, kernel.clock.now());
    if (reference) saveModelReference(kernel.store.db, reference);
  };
  const measure = (): ModelDrift[] =>
    kernel.models
      .list()
      // Drift is measured on bar features; a headline model's inputs are headlines (not measured yet).
      .filter((m) => m.status !== 'inactive' && !scoresHeadlines(m))
      .map((m) => {
        ensureReference(m);
        return modelDrift(kernel.store.db, m, recent(), threshold);
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
