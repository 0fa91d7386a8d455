import { describe, expect, it } from 'vitest';
import { AnomalyDetector } from './anomaly-detector.ts';
import { FEATURE_NAMES, FeatureEngine, featureRows } from './feature-library.ts';

const bars = Array.from({ length: 120 }, (_, i) => {
  const close = 100 + 10 * Math.sin(i / 7) + i * 0.1;
  return { ts: i * 86_400_000, open: close - 0.5, high: close + 1, low: close - 1, close, volume: 1_000 + (i % 9) * 100 };
});

describe('feature library', () => {
  it('is causal: features of bar i never change when later bars are added or altered', () => {
    const names = FEATURE_NAMES.filter((n) => n !== 'regime_turbulent');
    const full = featureRows(bars, names);
    const altered = bars.map((b, i) => (i > 80 ? { ...b, close: b.close * 3, high: b.high * 3, low: b.low * 3, volume: 1 } : b));
    const cut = featureRows(altered, names);
    const upTo80 = full.barIndex.filter((i) => i <= 80).length;
    for (let k = 0; k < upTo80; k++) expect(Array.from(cut.rows[k]!)).toEqual(Array.from(full.rows[k]!));
  });

  it('computes returns over its horizons and waits for the slowest feature to warm up', () => {
    const engine = new FeatureEngine(['ret_1', 'ret_5', 'sma_gap']);
    let first = -1;
    bars.forEach((b, i) => {
      const row = engine.update(b);
      if (row && first < 0) first = i;
      if (row && i === 50) {
        expect(row[0]).toBeCloseTo(Math.log(bars[50]!.close / bars[49]!.close), 12);
        expect(row[1]).toBeCloseTo(Math.log(bars[50]!.close / bars[45]!.close), 12);
      }
    });
    expect(first).toBe(19); // SMA(20) is the slowest of the three
  });

  it('needs the regime context for the regime feature', () => {
    const engine = new FeatureEngine(['ret_1', 'regime_turbulent']);
    engine.update(bars[0]!);
    expect(engine.update(bars[1]!)).toBeNull();
    expect(Array.from(engine.update(bars[2]!, { regime: [0.25, 0.75] })!)[1]).toBe(0.75);
  });

  it('names the unknown feature', () => {
    expect(() => new FeatureEngine(['ret_1', 'moon_phase'])).toThrow(/unknown feature: moon_phase/);
  });
});

describe('anomaly detector', () => {
  it('flags a return far outside its rolling distribution, not an ordinary one', () => {
    const d = new AnomalyDetector(30, 4);
    let close = 100;
    for (let i = 0; i < 40; i++) {
      close *= 1 + (i % 2 ? 0.01 : -0.01);
      expect(d.update(close, 1_000 + (i % 3)).anomalous).toBe(false);
    }
    const shock = d.update(close * 0.85, 1_000);
    expect(shock.anomalous).toBe(true);
    expect(shock.returnZ!).toBeLessThan(-4);
  });
});
