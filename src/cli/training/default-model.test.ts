import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import { featureRows } from '../../shared/features/feature-library.ts';
import { parseBarsCsv } from '../../shared/market-data/bars-csv.ts';
import { checkModelFile } from '../../agents/models/model-check.ts';
import { openSession, runRows } from '../../agents/inference/onnx-session.ts';
import { DEFAULT_MODEL_RECIPE, trainDefaultModel } from './default-model.ts';
import { predictLogistic } from './logistic-regression.ts';

const csv = readFileSync(new URL('../../../resources/data/sp500-2000.csv', import.meta.url), 'utf8');
const shipped = new Uint8Array(readFileSync(new URL('../../../resources/models/quorum-default.onnx', import.meta.url)));

describe('the default model', () => {
  const { onnx, report } = trainDefaultModel(csv, 'resources/data/sp500-2000.csv');

  it('is reproducible: retraining gives the shipped file byte for byte', () => {
    expect(Buffer.from(onnx).equals(Buffer.from(shipped))).toBe(true);
  });

  it('passes the import check with its feature schema', () => {
    const checked = checkModelFile(shipped);
    expect(checked.ok && checked.value.schema).toMatchObject({
      features: DEFAULT_MODEL_RECIPE.features,
      window: 1,
      horizon: 5,
      output: 'p_up',
    });
  });

  it('keeps training and held-out years apart, and reports against the always-up baseline', () => {
    expect(report.train.to < '2014-01-01').toBe(true);
    expect(report.heldOut.from >= '2015-01-01').toBe(true);
    expect(report.heldOut.rows).toBeGreaterThan(1_000);
    expect(report.heldOut.baselineAccuracy).toBeCloseTo(report.heldOut.upRate, 12);
  });

  it('computes in onnxruntime what the training code computes (float32 tolerance)', async () => {
    const parsed = parseBarsCsv(csv, 'SPX' as InstrumentId);
    if (!parsed.ok) throw new Error(parsed.error);
    const { rows } = featureRows(parsed.value.bars, DEFAULT_MODEL_RECIPE.features);
    const sample = rows.slice(-500);
    const { session } = await openSession(shipped, 'cpu');
    const d = DEFAULT_MODEL_RECIPE.features.length;
    const data = new Float32Array(sample.length * d);
    sample.forEach((r, i) => data.set(r, i * d));
    const out = await runRows(session, data, sample.length, [d]);
    const { mean, std } = report.standardisation;
    const model = { weights: Object.values(report.weights), bias: report.bias, iterations: 0 };
    sample.forEach((r, i) =>
      expect(out[i]!).toBeCloseTo(
        predictLogistic(
          model,
          Array.from(r, (v, j) => (v - mean[j]!) / std[j]!),
        ),
        5,
      ),
    );
    await session.release();
  });
});
