import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../metrics.ts';
import { stitchWindows, type WindowResult } from './stitch-windows.ts';

const window = (ts0: number, equity: number[], trades: number): WindowResult => {
  const metrics = computeMetrics({
    equity: [100, ...equity],
    periodsPerYear: 252,
    trades,
    hitRate: 0.5,
    traded: 0,
    fees: 1,
    exposure: [0, ...equity.map(() => 0.5)],
  });
  return {
    metrics,
    benchmark: metrics,
    equity: equity.map((e, i) => ({ ts: ts0 + i, equity: e, benchmark: e, exposure: 0.5 })),
    startingCash: 100,
    periodsPerYear: 252,
  };
};

describe('stitchWindows', () => {
  it('chains each window onto the last one and sums trades and fees', () => {
    const s = stitchWindows([window(0, [105, 110], 2), window(10, [99, 110], 3)]);
    expect(s.curve.map((p) => p.equity)).toEqual([105, 110, 108.9, expect.closeTo(121, 9)]);
    expect(s.metrics.totalReturn).toBeCloseTo(0.21, 12);
    expect(s.metrics.trades).toBe(5);
    expect(s.metrics.fees).toBe(2);
    expect(s.metrics.exposure).toBeCloseTo(0.5 * (2 / 3), 12);
    expect(s.metrics.maxDrawdown).toBeCloseTo(0.01, 12);
  });
});
