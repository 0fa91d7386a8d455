import { afterAll, describe, expect, it } from 'vitest';
import type { ModelRecord } from '../../shared/domain/models.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import { saveModelReference } from '../store/model-references.ts';
import { Store } from '../store/store.ts';
import { tempDir } from '../store/store-fixtures.ts';
import type { OhlcvBar } from '../../shared/indicators/indicator-set.ts';
import { RECENT_ROWS, featureColumns, informationCoefficient, modelDrift, referenceFromBars } from './model-drift.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);

const model = {
  id: 'm@1',
  name: 'm',
  version: 1,
  sha256: 'a'.repeat(64),
  fileName: 'm.onnx',
  sizeBytes: 1,
  schema: { features: ['ret_1', 'vol_20'], window: 1, horizon: 5, output: 'direction' },
  status: 'active',
  importedAt: 0,
} as unknown as ModelRecord;

/** A random walk of daily bars with the given daily volatility. */
function walk(seed: number, n: number, vol: number, start = 0) {
  const random = new SeededRandom(seed);
  let close = 100;
  return Array.from({ length: n }, (_, i) => {
    const open = close;
    close = open * Math.exp(vol * random.normal());
    return {
      instrumentId: 'X',
      ts: start + i * 86_400_000,
      intervalMs: 86_400_000,
      open,
      high: Math.max(open, close),
      low: Math.min(open, close),
      close,
      volume: 1_000,
    };
  });
}

/** A bar model's recent window: the features of the last 1,000 bars. */
const recentOf = (series: readonly (readonly OhlcvBar[])[]) => featureColumns(series, model.schema.features, RECENT_ROWS);

describe('model drift', () => {
  it('computes the information coefficient as worked by hand', () => {
    expect(informationCoefficient([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(informationCoefficient([1, 2, 3], [6, 4, 2])).toBeCloseTo(-1, 12);
    // Deviations (−1.5, −0.5, 0.5, 1.5) and (−1.5, 0.5, −0.5, 1.5): Σxy = 4, Σx² = Σy² = 5 → 0.8
    expect(informationCoefficient([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    expect(informationCoefficient([1, 1, 1], [1, 2, 3])).toBeNull();
  });

  it('finds no drift in inputs like the reference, and drift when their volatility changes', () => {
    const store = Store.open(tmp.file('drift.sqlite'));
    const reference = referenceFromBars(model, [walk(1, 2_400, 0.01)], 'test: calm', 0)!;
    expect(reference.rows).toBe(2_000);
    saveModelReference(store.db, reference);
    const same = modelDrift(store.db, model, recentOf([walk(2, 1_400, 0.01)]));
    expect(same.drifted).toBe(false);
    expect(Math.max(...same.features.map((f) => f.psi))).toBeLessThan(0.15);
    const shifted = modelDrift(store.db, model, recentOf([walk(3, 1_400, 0.04)]));
    expect(shifted.drifted).toBe(true);
    expect(shifted.features[0]).toMatchObject({ feature: 'vol_20' });
    expect(shifted.features[0]!.psi).toBeGreaterThan(0.25);
    expect(shifted.reference).toEqual({ rows: 2_000, source: 'test: calm', savedAt: 0 });
    // The threshold is the profile's setting (drift.psiThreshold).
    expect(modelDrift(store.db, model, recentOf([walk(3, 1_400, 0.04)]), 20).drifted).toBe(false);
    // No journaled votes: nothing scored.
    expect(shifted).toMatchObject({ hitRate: null, informationCoefficient: null, scored: 0, outputs: { count: 0 } });
    store.close();
  });

  it('has no reference from too few bars', () => {
    expect(referenceFromBars(model, [walk(1, 200, 0.01)], 'short', 0)).toBeNull();
  });
});
