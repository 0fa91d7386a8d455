import { SeededRandom } from './seeded-random.ts';
import { normalPdf, normalQuantile } from './normal-distribution.ts';

export type VarMethod = 'historical' | 'parametric' | 'montecarlo';

export interface VarResult {
  method: VarMethod;
  level: number;
  /** Observations used (returns, or simulated paths for Monte Carlo). */
  n: number;
  /** Value at risk and expected shortfall as fractions; positive numbers are losses. */
  var: number;
  es: number;
}

/** Quantile with linear interpolation between order statistics (numpy's and R's default, type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function meanAndSampleSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
  return { mean, sd };
}

/** Historical: minus the (1 − level) quantile; ES is minus the mean of returns at or below it. */
export function historicalVar(returns: readonly number[], level: number): VarResult {
  const sorted = [...returns].sort((a, b) => a - b);
  const q = quantile(sorted, 1 - level);
  const tail = sorted.filter((r) => r <= q);
  return { method: 'historical', level, n: returns.length, var: -q, es: -(tail.reduce((s, r) => s + r, 0) / tail.length) };
}

/** Gaussian: VaR = −(μ + σ·z₁₋ₚ), ES = −(μ − σ·φ(z₁₋ₚ)/(1 − p)), with the sample σ. */
export function parametricVar(returns: readonly number[], level: number): VarResult {
  const { mean, sd } = meanAndSampleSd(returns);
  const z = normalQuantile(1 - level);
  return { method: 'parametric', level, n: returns.length, var: -(mean + sd * z), es: -(mean - (sd * normalPdf(z)) / (1 - level)) };
}

/** Monte Carlo: `paths` seeded draws from the fitted normal, measured like the historical method. */
export function monteCarloVar(returns: readonly number[], level: number, seed = 1, paths = 100_000): VarResult {
  const { mean, sd } = meanAndSampleSd(returns);
  const rnd = new SeededRandom(seed);
  const simulated = Array.from({ length: paths }, () => mean + sd * rnd.normal());
  return { ...historicalVar(simulated, level), method: 'montecarlo', n: paths };
}

/** Returns over `horizon` periods, compounded from one-period returns, overlapping. */
export function horizonReturns(returns: readonly number[], horizon: number): number[] {
  if (horizon <= 1) return [...returns];
  const out: number[] = [];
  for (let i = 0; i + horizon <= returns.length; i++) {
    let growth = 1;
    for (let k = i; k < i + horizon; k++) growth *= 1 + returns[k]!;
    out.push(growth - 1);
  }
  return out;
}

export function valueAtRisk(
  method: VarMethod,
  returns: readonly number[],
  level: number,
  options: { seed?: number; horizon?: number } = {},
): VarResult {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1, e.g. 0.99; got ${level}`);
  const rs = horizonReturns(returns, options.horizon ?? 1);
  if (rs.length < 2) throw new RangeError(`need at least 2 returns, got ${rs.length}`);
  if (method === 'historical') return historicalVar(rs, level);
  if (method === 'parametric') return parametricVar(rs, level);
  return monteCarloVar(rs, level, options.seed);
}
