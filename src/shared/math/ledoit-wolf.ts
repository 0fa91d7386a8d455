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
  // Σ_ij Σ_rows r_i² r_j² (scikit-learn's sum of X²ᵀX²) is Σ_rows (Σ_i r_i²)²: a number a row, not a matrix.
  let beta_ = 0;
  // Each row centred into one reused buffer (a centred copy of every row had been the optimizer's
  // largest allocation in a backtest, which asks this once a step). The cross products are summed
  // on and above the diagonal and mirrored: r_i·r_j and r_j·r_i are the same number.
  const r = new Float64Array(n);
  for (const row of rows) {
    let squares = 0;
    for (let j = 0; j < n; j++) {
      const c = row[j]! - mean[j]!;
      r[j] = c;
      squares += c * c;
    }
    beta_ += squares * squares;
    for (let i = 0; i < n; i++) {
      const si = s[i]!;
      const ri = r[i]!;
      for (let j = i; j < n; j++) si[j]! += ri * r[j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) s[i]![j] = s[j]![i]!;
  let trace = 0;
  let delta_ = 0;
  for (let i = 0; i < n; i++) {
    trace += s[i]![i]! / t;
    for (let j = 0; j < n; j++) delta_ += s[i]![j]! * s[i]![j]!;
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
