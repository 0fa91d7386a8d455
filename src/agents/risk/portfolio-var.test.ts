import { describe, expect, it } from 'vitest';
import type { Bar } from '../../shared/domain/market.ts';
import type { PortfolioSnapshot } from '../portfolio/portfolio-tracker.ts';
import { historicalVar } from '../../shared/math/value-at-risk.ts';
import { portfolioVar } from './portfolio-var.ts';

const closes = (xs: number[]): Bar[] => xs.map((close, i) => ({ ts: i * 1000, close, intervalMs: 1000 }) as Bar);
const snapshot = (positions: { id: string; value: number }[], equity = 100_000): PortfolioSnapshot =>
  ({
    equity,
    positions: positions.map((p) => ({ instrumentId: p.id, quantity: 1, marketValue: p.value })),
  }) as unknown as PortfolioSnapshot;

describe('portfolio VaR', () => {
  it('weights each instrument’s returns by its share of equity and measures the combined series', () => {
    const a = closes(Array.from({ length: 61 }, (_, i) => 100 * (1 + 0.01 * Math.sin(i))));
    const b = closes(Array.from({ length: 61 }, (_, i) => 50 * (1 + 0.02 * Math.cos(i))));
    const r = portfolioVar(
      snapshot([
        { id: 'A', value: 50_000 },
        { id: 'B', value: -25_000 },
      ]),
      (id) => (id === 'A' ? a : b),
      'historical',
      0.95,
      1,
    );
    if ('reason' in r) throw new Error(r.reason);
    const ra = a.slice(1).map((x, i) => x.close / a[i]!.close - 1);
    const rb = b.slice(1).map((x, i) => x.close / b[i]!.close - 1);
    const expected = historicalVar(
      ra.map((x, i) => 0.5 * x - 0.25 * rb[i]!),
      0.95,
    );
    expect(r.n).toBe(60);
    expect(r.var).toBeCloseTo(expected.var, 12);
    expect(r.varMoney).toBeCloseTo(expected.var * 100_000, 6);
    expect(r.barMs).toBe(1000);
  });

  it('says why when there is nothing to measure', () => {
    expect(portfolioVar(snapshot([]), () => [], 'historical', 0.99, 1)).toEqual({ reason: 'no open positions' });
    expect(portfolioVar(snapshot([{ id: 'A', value: 1 }]), () => closes([1, 2, 3]), 'historical', 0.99, 1)).toEqual({
      reason: 'only 2 shared bars of history; at least 30 are needed',
    });
  });
});
