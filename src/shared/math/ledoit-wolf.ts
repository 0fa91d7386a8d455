import type { Matrix } from './matrix.ts';

export interface ShrunkCovariance {
  covariance: Matrix;
  /** Weight of the target (μ·I) in the estimate, in [0, 1]. */
  shrinkage: number;
}

/**
 * The Ledoit–Wolf (2004) shrunk covariance of `rows` (observations × variables), towards a scaled
 * identity μ·I with μ the average variance — the estimator of scikit-learn's `LedoitWolf`
 * (maximum-likelihood covariance of the centred data, shrinkage = min(β, δ) / δ).
 */
export function ledoitWolf(rows: readonly (readonly number[])[]): ShrunkCovariance {
  const t = rows.length;
  const n = rows[0]?.length ?? 0;
  if (t < 2 || n === 0) throw new RangeError(`need at least 2 observations of at least 1 variable, got ${t}×${n}`);
  const mean = new Array<number>(n).fill(0);
  for (const r of rows) for (let j = 0; j < n; j++) mean[j]! += r[j]! / t;
  const s: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const x2x2: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  // Each row centred into one reused buffer (a centred copy of every row had been the optimizer's
  // largest allocation in a backtest, which asks this once a step).
  const r = new Float64Array(n);
  for (const row of rows) {
    for (let j = 0; j < n; j++) r[j] = row[j]! - mean[j]!;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        s[i]![j]! += r[i]! * r[j]!;
        x2x2[i]![j]! += r[i]! * r[i]! * r[j]! * r[j]!;
      }
  }
  let trace = 0;
  let delta_ = 0;
  let beta_ = 0;
  for (let i = 0; i < n; i++) {
    trace += s[i]![i]! / t;
    for (let j = 0; j < n; j++) {
      delta_ += s[i]![j]! * s[i]![j]!;
      beta_ += x2x2[i]![j]!;
    }
  }
  delta_ /= t * t;
  const mu = trace / n;
  let beta = (beta_ / t - delta_) / (n * t);
  const delta = (delta_ - 2 * mu * trace + n * mu * mu) / n;
  beta = Math.min(beta, delta);
  const shrinkage = beta === 0 || delta === 0 ? 0 : beta / delta;
  const covariance = s.map((row, i) => row.map((v, j) => (1 - shrinkage) * (v / t) + (i === j ? shrinkage * mu : 0)));
  return { covariance, shrinkage };
}
