/** A bin's share below this counts as this (an empty bin would make the logarithm infinite). */
export const PSI_FLOOR = 1e-4;

/**
 * The interior edges of `bins` bins holding equal shares of `reference`: its values at ranks
 * ⌊k·n / bins⌋ (k = 1 … bins − 1) of the sorted sample, repeats dropped. A value below the first
 * edge falls in the first bin, a value equal to an edge in the bin above it. When the top bin would
 * hold only the reference's largest value (a count that is mostly 0, or constant), one more edge just
 * above it gives values beyond the reference's range a bin of their own: else a feature that never
 * moved in the reference could move any distance upward unseen (below its range the first bin
 * already does this).
 */
export function quantileEdges(reference: readonly number[], bins: number): number[] {
  const sorted = [...reference].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const edge = sorted[Math.floor((k * sorted.length) / bins)]!;
    if (edges.at(-1) !== edge) edges.push(edge);
  }
  const max = sorted.at(-1);
  if (max !== undefined && edges.at(-1) === max) edges.push(max === 0 ? Number.MIN_VALUE : max + Math.abs(max) * Number.EPSILON);
  return edges;
}

/** Each bin's share of `values`, for bins cut at `edges`. */
export function binShares(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    let bin = 0;
    while (bin < edges.length && v >= edges[bin]!) bin++;
    counts[bin]!++;
  }
  return counts.map((c) => c / values.length);
}

/**
 * The population stability index of `current` against `reference`: Σ (a − e) · ln(a / e) over bins
 * holding equal shares of the reference (e its shares, a the current's, each at least `PSI_FLOOR`).
 * Below 0.1 the distribution has hardly moved; 0.1–0.25 moved; above 0.25 shifted. NaN when either
 * sample is empty or holds a non-finite value.
 */
export function populationStabilityIndex(reference: readonly number[], current: readonly number[], bins = 10): number {
  if (!reference.length || !current.length || ![...reference, ...current].every(Number.isFinite)) return Number.NaN;
  const edges = quantileEdges(reference, bins);
  const e = binShares(reference, edges);
  const a = binShares(current, edges);
  let psi = 0;
  for (let i = 0; i < e.length; i++) {
    const ei = Math.max(e[i]!, PSI_FLOOR);
    const ai = Math.max(a[i]!, PSI_FLOOR);
    psi += (ai - ei) * Math.log(ai / ei);
  }
  return psi;
}
