import { quadForm, type Matrix } from '../../../shared/math/matrix.ts';

/**
 * Equal risk contribution over the instruments with a side (signs ±1; 0 is left out): each one's
 * share of the portfolio variance, wᵢ·(Σw)ᵢ, is the same. Solved by cyclical coordinate descent on
 * the signed covariance (Griveau-Billion, Richard and Roncalli, 2013), then scaled so the portfolio
 * volatility per period is `targetVol`, within the per-asset and gross limits.
 */
export function riskParity(sigma: Matrix, signs: readonly number[], targetVol: number, maxWeight: number, maxGross: number): number[] {
  const idx = signs.flatMap((s, i) => (s === 0 ? [] : [i]));
  const out = new Array<number>(signs.length).fill(0);
  if (!idx.length) return out;
  const c = idx.map((i) => idx.map((j) => sigma[i]![j]! * signs[i]! * signs[j]!));
  const m = idx.length;
  const x = idx.map((i) => 1 / Math.sqrt(Math.max(sigma[i]![i]!, 1e-18)));
  const b = 1 / m;
  for (let sweep = 0; sweep < 500; sweep++) {
    let change = 0;
    for (let i = 0; i < m; i++) {
      let cross = 0;
      for (let j = 0; j < m; j++) if (j !== i) cross += c[i]![j]! * x[j]!;
      const vol = Math.sqrt(Math.max(quadForm(c, x), 1e-300));
      // xᵢ solves cᵢᵢxᵢ² + crossᵢ·xᵢ − b·σ(x) = 0 (the positive root).
      const next = (-cross + Math.sqrt(cross * cross + 4 * c[i]![i]! * b * vol)) / (2 * c[i]![i]!);
      change = Math.max(change, Math.abs(next - x[i]!) / (Math.abs(x[i]!) + 1e-300));
      x[i] = next;
    }
    if (change < 1e-10) break;
  }
  let k = targetVol / Math.sqrt(Math.max(quadForm(c, x), 1e-300));
  const largest = Math.max(...x) * k;
  if (largest > maxWeight) k *= maxWeight / largest;
  const gross = x.reduce((s, v) => s + v, 0) * k;
  if (gross > maxGross) k *= maxGross / gross;
  idx.forEach((i, n) => (out[i] = signs[i]! * x[n]! * k));
  return out;
}
