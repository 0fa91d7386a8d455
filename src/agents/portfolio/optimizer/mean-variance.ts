import { quadForm, type Matrix } from '../../../shared/math/matrix.ts';
import { solveQuadraticProgram, type LinearConstraint, type QpResult } from './quadratic-program.ts';

/**
 * The book's constraints. Each instrument may only be held on the side its sign allows (+1 long,
 * −1 short, 0 not at all): the decisions choose the direction, the optimizer the size. With signs
 * fixed, |w| is linear, so per-asset bounds and the gross limit stay linear constraints.
 */
export interface SignedBook {
  signs: readonly number[];
  maxWeight: number;
  maxGross: number;
}

/** Constraints s·w ≥ 0, s·w ≤ maxWeight, Σ s·w ≤ maxGross; instruments with sign 0 are pinned at 0. */
export function bookConstraints(book: SignedBook): LinearConstraint[] {
  const n = book.signs.length;
  const unit = (i: number, k: number) => Array.from({ length: n }, (_, j) => (j === i ? k : 0));
  const out: LinearConstraint[] = [];
  book.signs.forEach((s, i) => {
    if (s === 0) out.push({ a: unit(i, 1), b: 0, equality: true });
    else out.push({ a: unit(i, s), b: 0 }, { a: unit(i, -s), b: -book.maxWeight });
  });
  out.push({ a: book.signs.map((s) => -s), b: -book.maxGross });
  return out;
}

export interface MeanVarianceInput {
  /** Expected return per period. */
  mu: readonly number[];
  /** Covariance of returns per period. */
  sigma: Matrix;
  riskAversion: number;
  /** Current weights and the penalty κ on ‖w − w0‖² (turnover). */
  current?: readonly number[];
  turnoverPenalty?: number;
  /** Σ s·w = budget (fully invested), instead of ≤ maxGross. */
  budget?: number;
}

/** max μᵀw − (γ/2)·wᵀΣw − κ‖w − w0‖² over the signed book, as a quadratic program. */
export function meanVariance(input: MeanVarianceInput, book: SignedBook): QpResult {
  const n = input.mu.length;
  const kappa = input.turnoverPenalty ?? 0;
  const w0 = input.current ?? new Array<number>(n).fill(0);
  // A ridge of 1e-12 of the average variance keeps D positive definite for singular covariances.
  const ridge = (input.sigma.reduce((s, r, i) => s + r[i]!, 0) / n) * 1e-9 + 1e-14;
  const D = input.sigma.map((row, i) => row.map((v, j) => input.riskAversion * v + (i === j ? 2 * kappa + ridge : 0)));
  const d = input.mu.map((m, i) => m + 2 * kappa * w0[i]!);
  const constraints = bookConstraints(book);
  if (input.budget !== undefined) constraints.push({ a: [...book.signs], b: input.budget, equality: true });
  return solveQuadraticProgram(D, d, constraints);
}

/** Minimum variance, fully invested at the gross limit over the instruments with a side. */
export function minimumVariance(sigma: Matrix, book: SignedBook): QpResult {
  if (book.signs.every((s) => s === 0)) return { ok: true, x: book.signs.map(() => 0), objective: 0 };
  return meanVariance({ mu: sigma.map(() => 0), sigma, riskAversion: 1, budget: book.maxGross }, book);
}

/**
 * Maximum Sharpe ratio by the usual change of variable: minimise yᵀΣy subject to μᵀy = 1 and the
 * constraints made homogeneous, then w = y·maxGross / Σ s·y. Null weights when no side has μ > 0.
 */
export function maximumSharpe(mu: readonly number[], sigma: Matrix, book: SignedBook): QpResult {
  const n = mu.length;
  if (!mu.some((m, i) => m * book.signs[i]! > 0)) return { ok: true, x: new Array<number>(n).fill(0), objective: 0 };
  const ratio = book.maxWeight / book.maxGross;
  const constraints: LinearConstraint[] = [{ a: [...mu], b: 1, equality: true }];
  book.signs.forEach((s, i) => {
    const unit = (k: number) => Array.from({ length: n }, (_, j) => (j === i ? k : 0));
    if (s === 0) return constraints.push({ a: unit(1), b: 0, equality: true });
    constraints.push({ a: unit(s), b: 0 }, { a: book.signs.map((sj, j) => ratio * sj - (j === i ? s : 0)), b: 0 });
  });
  const ridge = (sigma.reduce((s, r, i) => s + r[i]!, 0) / n) * 1e-9 + 1e-14;
  const r = solveQuadraticProgram(
    sigma.map((row, i) => row.map((v, j) => 2 * v + (i === j ? ridge : 0))),
    new Array<number>(n).fill(0),
    constraints,
  );
  if (!r.ok) return r;
  const total = r.x.reduce((s, y, i) => s + book.signs[i]! * y, 0);
  return total > 0
    ? { ok: true, x: r.x.map((y) => (y * book.maxGross) / total), objective: r.objective }
    : { ok: false, error: 'no positive-Sharpe portfolio' };
}

/**
 * Mean–variance with the risk aversion chosen (by bisection on its logarithm) so that the
 * portfolio's volatility per period is `targetVol` — or as close as the constraints allow.
 */
export function targetVolatility(input: Omit<MeanVarianceInput, 'riskAversion' | 'budget'>, book: SignedBook, targetVol: number): QpResult {
  let lo = Math.log(1e-6);
  let hi = Math.log(1e9);
  let best: QpResult = { ok: false, error: 'no solution' };
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    const r = meanVariance({ ...input, riskAversion: Math.exp(mid) }, book);
    if (!r.ok) return r;
    const vol = Math.sqrt(Math.max(0, quadForm(input.sigma, r.x)));
    if (vol > targetVol) lo = mid;
    else {
      hi = mid;
      best = r;
    }
    if (Math.abs(vol - targetVol) < targetVol * 1e-4) return r;
  }
  return best;
}
