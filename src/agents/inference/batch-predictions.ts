import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Bar } from '../../shared/domain/market.ts';
import { scoresHeadlines, type ModelRecord, type ModelStatus } from '../../shared/domain/models.ts';
import { featureRows } from '../../shared/features/feature-library.ts';
import { silentLogger } from '../../shared/logger.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import { RegimeWatcher, REGIME_AGENT_ID } from '../analysts/regime/regime-watcher.ts';
import { TestClock } from '../engine/clock.ts';
import { MessageBus } from '../engine/message-bus.ts';
import { checkModelFile } from '../models/model-check.ts';
import { openSession, runRows } from './onnx-session.ts';

/** A model's predictions for every bar of a backtest, computed up front in batches. */
export interface BatchModel {
  record: ModelRecord;
  /** instrument id → bar close time → the model's output for the window ending at that bar. */
  values: Map<string, Map<number, number>>;
  rows: number;
}

const BATCH = 65_536;

/** The regime watcher's probabilities after each bar, computed by the same agent the kernel runs. */
function regimePath(bars: readonly Bar[]): (readonly number[] | null)[] {
  const bus = new MessageBus();
  const clock = new TestClock(0);
  const watcher = new RegimeWatcher(REGIME_AGENT_ID, { bus, clock, random: new SeededRandom(0), log: silentLogger, dispatch: () => {} });
  watcher.start();
  return bars.map((bar) => {
    bus.publish('BarClosed', {
      type: 'BarClosed',
      tsEvent: bar.ts + bar.intervalMs,
      tsInit: bar.ts + bar.intervalMs,
      source: 'batch',
      bar,
    });
    return watcher.probabilities(bar.instrumentId);
  });
}

/** The name a model votes under in a backtest (`model.<name>`): its `quorum.name`, else its file name. */
const nameOf = (file: string, metadata: Record<string, string>) => metadata['quorum.name'] ?? basename(file).replace(/\.onnx$/i, '');

/** `nameOf` for a model file not loaded yet (a file that is not a model keeps its file name; loading it says what is wrong). */
export function batchModelName(file: string): string {
  const checked = checkModelFile(new Uint8Array(readFileSync(file)));
  return nameOf(file, checked.ok ? checked.value.info.metadata : {});
}

/**
 * Batch mode for backtests: the model's features over each series (the shared feature library, so
 * the same values the model analyst computes bar by bar), windows stacked as the analyst stacks
 * them, and onnxruntime run over batches of 65,536 rows on CPU.
 */
export async function batchPredict(file: string, status: ModelStatus, series: readonly (readonly Bar[])[]): Promise<BatchModel> {
  const bytes = new Uint8Array(readFileSync(file));
  const checked = checkModelFile(bytes);
  if (!checked.ok) throw new Error(`${file}: ${checked.error}`);
  const { schema } = checked.value;
  if (scoresHeadlines({ schema })) throw new Error(`${file} scores headlines, not bars: give it with --news-model`);
  const name = nameOf(file, checked.value.info.metadata);
  const record: ModelRecord = {
    id: `${name}@batch`,
    name,
    version: 1,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    fileName: basename(file),
    sizeBytes: bytes.length,
    schema,
    status,
    importedAt: 0,
  };
  const { session } = await openSession(bytes, 'cpu');
  const width = schema.window * schema.features.length;
  const values = new Map<string, Map<number, number>>();
  let total = 0;
  for (const bars of series) {
    if (!bars.length) continue;
    const regime = schema.features.includes('regime_turbulent') ? regimePath(bars) : null;
    const { rows, barIndex } = featureRows(bars, schema.features, (i) => ({ regime: regime?.[i] ?? null }));
    // A window is the last `window` ready rows, unbroken (the analyst starts again after a gap).
    const ends: number[] = [];
    for (let j = schema.window - 1; j < rows.length; j++)
      if (barIndex[j]! - barIndex[j - schema.window + 1]! === schema.window - 1) ends.push(j);
    const out = new Map<number, number>();
    for (let start = 0; start < ends.length; start += BATCH) {
      const chunk = ends.slice(start, start + BATCH);
      const data = new Float32Array(chunk.length * width);
      chunk.forEach((j, r) => {
        for (let w = 0; w < schema.window; w++) data.set(rows[j - schema.window + 1 + w]!, r * width + w * schema.features.length);
      });
      const predicted = await runRows(session, data, chunk.length, checked.value.rowShape);
      chunk.forEach((j, r) => {
        const bar = bars[barIndex[j]!]!;
        out.set(bar.ts + bar.intervalMs, predicted[r]!);
      });
    }
    total += ends.length;
    values.set(bars[0]!.instrumentId, out);
  }
  await session.release();
  return { record, values, rows: total };
}
