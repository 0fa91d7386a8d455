import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../metrics.ts';
import { stitchWindows, type WindowResult } from './stitch-windows.ts';

/** A test window as a run gives it: one equity point per bar, the first its starting cash (nothing held yet). */
const window = (ts0: number, equity: number[], trades: number): WindowResult => {
  const exposure = equity.map((_, i) => (i === 0 ? 0 : 0.5));
  const metrics = computeMetrics({ equity, periodsPerYear: 252, trades, hitRate: 0.5, traded: 0, fees: 1, exposure });
  return {
    metrics,
    benchmark: metrics,
    equity: { ts: equity.map((_, i) => ts0 + i), equity, benchmark: equity, exposure },
    startingCash: 100,
    periodsPerYear: 252,
  };
};

describe('stitchWindows', () => {
  it('chains each window onto the last one and sums trades and fees', () => {
    const s = stitchWindows([window(0, [100, 105, 110], 2), window(10, [100, 99, 110], 3)]);
    // The second window starts flat where the first ended (no return between them).
    expect(s.curve.equity).toEqual([100, 105, 110, expect.closeTo(110, 9), expect.closeTo(108.9, 9), expect.closeTo(121, 9)]);
    expect(s.metrics.totalReturn).toBeCloseTo(0.21, 12);
    expect(s.metrics.trades).toBe(5);
    expect(s.metrics.fees).toBe(2);
    expect(s.metrics.exposure).toBeCloseTo(0.5 * (2 / 3), 12);
    expect(s.metrics.maxDrawdown).toBeCloseTo(0.01, 12);
  });
});
