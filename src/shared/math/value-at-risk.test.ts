import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from './normal-distribution.ts';
import { historicalVar, horizonReturns, monteCarloVar, parametricVar, quantile } from './value-at-risk.ts';

// Ten returns whose statistics are easy to check by hand.
const R = [-0.05, -0.03, -0.01, 0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06];

describe('value at risk and expected shortfall', () => {
  it('interpolates quantiles like numpy.percentile (type 7)', () => {
    // numpy.percentile(R, 10) = -0.05 + 0.9 × 0.02 = -0.032; percentile(R, 5) = -0.05 + 0.45 × 0.02 = -0.041
    expect(quantile(R, 0.1)).toBeCloseTo(-0.032, 12);
    expect(quantile(R, 0.05)).toBeCloseTo(-0.041, 12);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it('historical: VaR is minus the quantile, ES minus the mean of what lies at or below it', () => {
    expect(historicalVar(R, 0.9)).toMatchObject({ n: 10 });
    expect(historicalVar(R, 0.9).var).toBeCloseTo(0.032, 12);
    expect(historicalVar(R, 0.9).es).toBeCloseTo(0.05, 12);
    // Level 0.75: h = 9 × 0.25 = 2.25, q = -0.01 + 0.25 × 0.01 = -0.0075; tail {-0.05, -0.03, -0.01}
    expect(historicalVar(R, 0.75).var).toBeCloseTo(0.0075, 12);
    expect(historicalVar(R, 0.75).es).toBeCloseTo(0.03, 12);
  });

  it('parametric: −(μ + σ z) and −(μ − σ φ(z)/(1 − p)) with the sample σ', () => {
    // μ = 0.012; Σ(r − μ)² = 0.01116 → sample σ = √(0.01116 / 9) = 0.0352136…
    // z₀.₀₁ = −2.3263478740408408, φ(z₀.₀₁) = 0.026652142203458
    const sigma = Math.sqrt(0.01116 / 9);
    const r = parametricVar(R, 0.99);
    expect(r.var).toBeCloseTo(-(0.012 + sigma * -2.3263478740408408), 8);
    expect(r.es).toBeCloseTo(-(0.012 - (sigma * 0.026652142203458) / 0.01), 8);
  });

  it('Monte Carlo is seeded and converges to the parametric figures', () => {
    const a = monteCarloVar(R, 0.99, 7, 200_000);
    expect(monteCarloVar(R, 0.99, 7, 200_000)).toEqual(a);
    const p = parametricVar(R, 0.99);
    expect(a.var).toBeCloseTo(p.var, 2);
    expect(Math.abs(a.es - p.es) / p.es).toBeLessThan(0.02);
  });

  it('inverts the normal CDF to published values', () => {
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536269514729, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
  });

  it('compounds returns over a horizon', () => {
    expect(horizonReturns([0.1, -0.1, 0.2], 2).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([-0.01, 0.08]);
  });
});
