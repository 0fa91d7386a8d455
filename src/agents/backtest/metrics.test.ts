import { describe, expect, it } from 'vitest';
import type { Fill } from '../../shared/domain/orders.ts';
import { computeMetrics } from './metrics.ts';
import { monthlyReturns } from './monthly-returns.ts';
import { roundTrips } from './round-trips.ts';

describe('computeMetrics', () => {
  it('follows the stated conventions on a small curve', () => {
    const equity = [100, 110, 99, 121, 108.9];
    const r = [0.1, -0.1, 121 / 99 - 1, 108.9 / 121 - 1];
    const mean = r.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
    const downside = Math.sqrt((0.01 + (108.9 / 121 - 1) ** 2) / 4);
    const m = computeMetrics({
      equity,
      periodsPerYear: 252,
      trades: 3,
      hitRate: 2 / 3,
      traded: 500,
      fees: 4,
      exposure: [0, 1, 1, 0.5, 0.5],
    });
    expect(m.totalReturn).toBeCloseTo(0.089, 12);
    expect(m.cagr).toBeCloseTo(1.089 ** (252 / 4) - 1, 9);
    expect(m.volatility).toBeCloseTo(sd * Math.sqrt(252), 12);
    expect(m.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(252), 12);
    expect(m.sortino).toBeCloseTo((mean / downside) * Math.sqrt(252), 12);
    // Peak 121 → 108.9 is 10 %; 110 → 99 is also 10 %.
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(m.calmar).toBeCloseTo(m.cagr / 0.1, 9);
    expect(m.exposure).toBeCloseTo(0.6, 12);
    // 500 traded over 4/252 years, against an average equity of 107.78.
    expect(m.turnover).toBeCloseTo(500 / (538.9 / 5) / (4 / 252), 9);
  });

  it('gives null ratios rather than dividing by zero', () => {
    const m = computeMetrics({
      equity: [100, 100, 100],
      periodsPerYear: 252,
      trades: 0,
      hitRate: null,
      traded: 0,
      fees: 0,
      exposure: [0, 0, 0],
    });
    expect(m).toMatchObject({ totalReturn: 0, sharpe: null, sortino: null, calmar: null, maxDrawdown: 0 });
  });
});

describe('roundTrips', () => {
  const fill = (side: 'buy' | 'sell', quantity: number, price: number, ts: number, fee = 1): Fill =>
    ({ fillId: `f${ts}`, clientOrderId: `o${ts}`, instrumentId: 'X', side, quantity, price, fee, ts }) as Fill;

  it('cuts trips where the position returns to zero or crosses it, net of fees', () => {
    const trips = roundTrips([fill('buy', 10, 100, 1), fill('buy', 10, 110, 2), fill('sell', 25, 120, 3), fill('buy', 5, 100, 4)], () => 0);
    expect(trips).toHaveLength(2);
    // Long 20: bought for 2100, sold for 2400, fees 3 (the crossing fill's fee goes to the first trip).
    expect(trips[0]).toMatchObject({ side: 'long', openedAt: 1, closedAt: 3 });
    expect(trips[0]!.pnl).toBeCloseTo(2400 - 2100 - 3, 9);
    // Short 5 at 120, covered at 100, fee 1.
    expect(trips[1]).toMatchObject({ side: 'short', openedAt: 3, closedAt: 4 });
    expect(trips[1]!.pnl).toBeCloseTo(100 - 1, 9);
  });

  it('marks a trip still open at the last price', () => {
    const [trip] = roundTrips([fill('buy', 10, 100, 1)], () => 105);
    expect(trip).toMatchObject({ closedAt: null });
    expect(trip!.pnl).toBeCloseTo(50 - 1, 9);
  });
});

describe('monthlyReturns', () => {
  it('chains each month to the previous one', () => {
    const jan = Date.UTC(2020, 0, 15);
    const feb = Date.UTC(2020, 1, 15);
    const m = monthlyReturns({ ts: [jan, jan + 86_400_000, feb], equity: [105, 110, 99] }, 100);
    expect([...m.entries()]).toEqual([
      ['2020-01', expect.closeTo(0.1, 12)],
      ['2020-02', expect.closeTo(-0.1, 12)],
    ]);
  });
});
