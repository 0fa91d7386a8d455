import { describe, expect, it } from 'vitest';
import { BarSchema } from './market.ts';
import { toPrice, toQuantity } from './branded.ts';

describe('branded money types', () => {
  it('rounds prices to the tick without float dust and refuses non-finite ones', () => {
    expect(toPrice(100.123456, 0.01)).toBe(100.12);
    expect(toPrice(0.1 + 0.2, 0.05)).toBe(0.3);
    expect(() => toPrice(Number.NaN, 0.01)).toThrow('price is not a finite number');
    // Ticks JavaScript prints in exponent form.
    expect(toPrice(0.123456789, 1e-7)).toBe(0.1234568);
    expect(toPrice(1465.150024, 1e-6)).toBe(1465.150024);
  });

  it('rounds quantities down to whole lots and refuses negative ones', () => {
    expect(toQuantity(157, 100)).toBe(100);
    expect(toQuantity(3, 1)).toBe(3);
    expect(() => toQuantity(-1)).toThrow('quantity must be a finite number ≥ 0');
  });

  it('rejects a bar whose high is below its close', () => {
    const bar = { instrumentId: 'X', intervalMs: 60_000, ts: 0, open: 10, high: 10.5, low: 9.5, close: 11, volume: 1 };
    expect(BarSchema.safeParse(bar).success).toBe(false);
    expect(BarSchema.safeParse({ ...bar, high: 11 }).success).toBe(true);
    expect(BarSchema.safeParse({ ...bar, close: Number.NaN }).success).toBe(false);
  });
});
