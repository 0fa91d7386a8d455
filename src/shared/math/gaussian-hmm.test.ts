import { describe, expect, it } from 'vitest';
import { fitGaussianHmm, HmmFilter } from './gaussian-hmm.ts';
import { SeededRandom } from './seeded-random.ts';

/** A two-state series with known parameters, drawn from a seeded generator. */
function simulate(n: number, seed: number) {
  const rnd = new SeededRandom(seed);
  const means = [0.0005, -0.001];
  const sds = [0.006, 0.025];
  const stay = [0.98, 0.95];
  const xs: number[] = [];
  const states: number[] = [];
  let s = 0;
  for (let t = 0; t < n; t++) {
    if (t > 0 && rnd.next() > stay[s]!) s = 1 - s;
    states.push(s);
    xs.push(means[s]! + sds[s]! * rnd.normal());
  }
  return { xs, states };
}

describe('Gaussian HMM', () => {
  const { xs, states } = simulate(6_000, 42);
  const fit = fitGaussianHmm(xs, 2);

  it('recovers the volatilities, means and transition probabilities of a synthetic two-state series', () => {
    expect(fit.converged).toBe(true);
    expect(Math.sqrt(fit.variances[0]!)).toBeCloseTo(0.006, 3);
    expect(Math.sqrt(fit.variances[1]!)).toBeGreaterThan(0.022);
    expect(Math.sqrt(fit.variances[1]!)).toBeLessThan(0.028);
    expect(fit.means[0]!).toBeCloseTo(0.0005, 3);
    expect(fit.means[1]!).toBeCloseTo(-0.001, 2);
    expect(fit.transition[0]![0]!).toBeGreaterThan(0.96);
    expect(fit.transition[0]![0]!).toBeLessThan(0.99);
    expect(fit.transition[1]![1]!).toBeGreaterThan(0.92);
    expect(fit.transition[1]![1]!).toBeLessThan(0.975);
  });

  it('filters the hidden state online with high accuracy', () => {
    const filter = new HmmFilter(fit);
    let right = 0;
    for (let t = 0; t < xs.length; t++) {
      const p = filter.update(xs[t]!);
      expect(p[0]! + p[1]!).toBeCloseTo(1, 12);
      if ((p[1]! > 0.5 ? 1 : 0) === states[t]) right++;
    }
    expect(right / xs.length).toBeGreaterThan(0.9);
  });

  it('never lowers the likelihood, and orders three states by variance', () => {
    const three = fitGaussianHmm(xs, 3, { maxIterations: 50 });
    expect(three.variances[0]!).toBeLessThan(three.variances[1]!);
    expect(three.variances[1]!).toBeLessThan(three.variances[2]!);
    const short = fitGaussianHmm(xs, 2, { maxIterations: 3 });
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(short.logLikelihood);
  });

  it("warm-started from the previous window's fit, reaches the same fit in fewer iterations", () => {
    const previous = fitGaussianHmm(xs.slice(0, 1_000), 2, { tolerance: 1e-6 });
    const window = xs.slice(1_000, 2_000);
    const cold = fitGaussianHmm(window, 2, { tolerance: 1e-6 });
    const warm = fitGaussianHmm(window, 2, { tolerance: 1e-6, start: previous });
    expect(warm.iterations).toBeLessThan(cold.iterations);
    expect(warm.logLikelihood).toBeCloseTo(cold.logLikelihood, 3);
    for (let k = 0; k < 2; k++) expect(Math.sqrt(warm.variances[k]!)).toBeCloseTo(Math.sqrt(cold.variances[k]!), 4);
  });

  it('starts cold instead from a degenerate or unusable previous fit', () => {
    const window = xs.slice(1_000, 1_500);
    const cold = fitGaussianHmm(window, 2);
    const collapsed = { ...cold, variances: [1e-14, cold.variances[1]!] };
    const notARegime = { ...cold, transition: [[0.1, 0.9], cold.transition[1]!] };
    const broken = { ...cold, means: [Number.NaN, cold.means[1]!] };
    const threeStates = fitGaussianHmm(window, 3, { maxIterations: 5 });
    for (const start of [collapsed, notARegime, broken, threeStates]) expect(fitGaussianHmm(window, 2, { start })).toEqual(cold);
  });

  it('refuses too little or non-finite data with a clear message', () => {
    expect(() => fitGaussianHmm([0.1, 0.2], 2)).toThrow(/at least 20 observations/);
    expect(() => fitGaussianHmm([...xs.slice(0, 50), Number.NaN], 2)).toThrow(/non-finite/);
  });
});
