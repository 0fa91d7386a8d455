/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares): deterministic, no learning rate, converges in a handful of steps for tens of features.
 */
export interface LogisticModel {
  weights: number[];
  bias: number;
  iterations: number;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function predictLogistic(m: LogisticModel, x: ArrayLike<number>): number {
  let z = m.bias;
  for (let j = 0; j < m.weights.length; j++) z += m.weights[j]! * x[j]!;
  return sigmoid(z);
}

/** Solves A·x = b (A symmetric positive definite) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const pivot = m[c]![c]!;
    if (Math.abs(pivot) < 1e-300) throw new Error('singular system in logistic regression');
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / pivot;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

/** Fits P(y = 1 | x) = σ(w·x + b); `l2` penalises the weights (not the bias). */
export function fitLogistic(xs: readonly ArrayLike<number>[], ys: readonly number[], l2 = 1, maxIterations = 50): LogisticModel {
  const d = xs[0]?.length ?? 0;
  if (xs.length !== ys.length || xs.length === 0) throw new Error('logistic regression needs as many labels as rows, and at least one row');
  let beta = new Array<number>(d + 1).fill(0); // last entry is the bias
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      let z = beta[d]!;
      for (let j = 0; j < d; j++) z += beta[j]! * x[j]!;
      const p = sigmoid(z);
      const r = p - ys[i]!;
      const w = p * (1 - p);
      for (let j = 0; j <= d; j++) {
        const xj = j === d ? 1 : x[j]!;
        grad[j]! += r * xj;
        for (let k = 0; k <= j; k++) hess[j]![k]! += w * xj * (k === d ? 1 : x[k]!);
      }
    }
    for (let j = 0; j <= d; j++) for (let k = 0; k < j; k++) hess[k]![j] = hess[j]![k]!;
    for (let j = 0; j < d; j++) {
      grad[j]! += l2 * beta[j]!;
      hess[j]![j]! += l2;
    }
    const step = solve(hess, grad);
    beta = beta.map((b, j) => b - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-10) {
      iterations++;
      break;
    }
  }
  return { weights: beta.slice(0, d), bias: beta[d]!, iterations };
}
