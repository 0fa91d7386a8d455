import { add, invert, matVec, scale, type Matrix } from '../../../shared/math/matrix.ts';

/** One view: instrument `index` is expected to return `expected` per period, held with `confidence` in (0, 1). */
export interface View {
  index: number;
  expected: number;
  confidence: number;
}

/**
 * Black–Litterman posterior expected returns (He and Litterman, 1999). The prior is the equilibrium
 * π = γ·Σ·w_market; each view is an absolute view on one instrument whose uncertainty is
 * Ω_kk = τ·Σ_kk·(1 − c)/c, so a view held with confidence c → 1 pins the posterior, c → 0 leaves
 * the prior. Posterior μ = [(τΣ)⁻¹ + PᵀΩ⁻¹P]⁻¹ [(τΣ)⁻¹π + PᵀΩ⁻¹Q].
 */
export function blackLitterman(
  sigma: Matrix,
  marketWeights: readonly number[],
  views: readonly View[],
  riskAversion: number,
  tau: number,
): number[] {
  const n = sigma.length;
  const prior = matVec(scale(sigma, riskAversion), marketWeights);
  const tauSigmaInv = invert(scale(sigma, tau));
  const precision: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const weighted = new Array<number>(n).fill(0);
  for (const v of views) {
    const c = Math.min(0.999, Math.max(0.001, v.confidence));
    const omega = (tau * sigma[v.index]![v.index]! * (1 - c)) / c;
    precision[v.index]![v.index]! += 1 / omega;
    weighted[v.index]! += v.expected / omega;
  }
  const posteriorCov = invert(add(tauSigmaInv, precision));
  const rhs = matVec(tauSigmaInv, prior).map((x, i) => x + weighted[i]!);
  return matVec(posteriorCov, rhs);
}
