import { describe, expect, it } from 'vitest';
import { binShares, populationStabilityIndex, quantileEdges } from './psi.ts';

const ONE_TO_TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('the population stability index', () => {
  it('cuts the reference into bins of equal shares', () => {
    expect(quantileEdges(ONE_TO_TEN, 2)).toEqual([6]);
    expect(quantileEdges(ONE_TO_TEN, 5)).toEqual([3, 5, 7, 9]);
    // Repeated values give one edge, not empty bins between equal edges.
    expect(quantileEdges([1, 1, 1, 1, 2, 2, 2, 2], 4)).toEqual([1, 2]);
    expect(binShares(ONE_TO_TEN, [6])).toEqual([0.5, 0.5]);
  });

  it('matches values worked by hand', () => {
    // Two bins (below 6, from 6): e = [0.5, 0.5]; a = [0.8, 0.2].
    // (0.8 − 0.5)·ln(0.8/0.5) + (0.2 − 0.5)·ln(0.2/0.5) = 0.141001 + 0.274887 = 0.415888
    expect(populationStabilityIndex(ONE_TO_TEN, [1, 1, 1, 1, 1, 1, 1, 1, 6, 6], 2)).toBeCloseTo(0.415888, 6);
    // Everything in the first bin: the empty one counts as 1e-4.
    // 0.5·ln(1/0.5) + (1e-4 − 0.5)·ln(1e-4/0.5) = 0.346574 + 4.257745 = 4.604319
    expect(populationStabilityIndex(ONE_TO_TEN, [1, 2, 3], 2)).toBeCloseTo(4.604319, 5);
    // Five bins of two reference values each (e = 0.2: below 3, 3–4, 5–6, 7–8, from 9); the current
    // fills them 0.1, 0.1, 0.2, 0.2, 0.4: 2·(−0.1·ln 0.5) + 0 + 0 + 0.2·ln 2 = 0.138629 + 0.138629 = 0.277259
    expect(populationStabilityIndex(ONE_TO_TEN, [1, 3, 5, 6, 7, 8, 9, 10, 9, 10], 5)).toBeCloseTo(0.277259, 6);
  });

  it('is zero for the same distribution, and NaN without data', () => {
    expect(populationStabilityIndex(ONE_TO_TEN, [...ONE_TO_TEN].reverse(), 5)).toBe(0);
    expect(populationStabilityIndex([], [1])).toBeNaN();
    expect(populationStabilityIndex([1, 2], [Number.NaN])).toBeNaN();
  });
});
