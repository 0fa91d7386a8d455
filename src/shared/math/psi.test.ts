import { describe, expect, it } from 'vitest';
import { binShares, populationStabilityIndex, quantileEdges } from './psi.ts';

const ONE_TO_TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('the population stability index', () => {
  it('cuts the reference into bins of equal shares', () => {
    expect(quantileEdges(ONE_TO_TEN, 2)).toEqual([6]);
    expect(quantileEdges(ONE_TO_TEN, 5)).toEqual([3, 5, 7, 9]);
    // Repeated values give one edge, not empty bins between equal edges; a top bin that would hold
    // only the largest value gets an edge just above it (values beyond the reference's range apart).
    expect(quantileEdges([1, 1, 1, 1, 2, 2, 2, 2], 4)).toEqual([1, 2, 2 + 2 * Number.EPSILON]);
    expect(quantileEdges([0, 0, 0, 0], 4)).toEqual([0, Number.MIN_VALUE]);
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

  it('sees a feature that never moved in the reference move upward', () => {
    // A count that was always 0 (a headline's negated terms in calm news), then 1 half the time.
    // Bins: below 0, 0, above 0: e = [1e-4, 1, 1e-4] (floored), a = [1e-4, 0.5, 0.5]:
    // (0.5 − 1)·ln(0.5/1) + (0.5 − 1e-4)·ln(0.5/1e-4) = 0.346574 + 4.257745 = 4.604319
    const zeros = new Array<number>(10).fill(0);
    expect(populationStabilityIndex(zeros, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])).toBeCloseTo(4.604319, 5);
    expect(populationStabilityIndex(zeros, zeros)).toBe(0);
  });

  it('is zero for the same distribution, and NaN without data', () => {
    expect(populationStabilityIndex(ONE_TO_TEN, [...ONE_TO_TEN].reverse(), 5)).toBe(0);
    expect(populationStabilityIndex([], [1])).toBeNaN();
    expect(populationStabilityIndex([1, 2], [Number.NaN])).toBeNaN();
  });
});
