import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFill, FLAT, unrealizedPnl } from './position-math.ts';

describe('average-cost position accounting', () => {
  it('averages additions, realises reductions, and reopens at the fill price after crossing zero', () => {
    let h = applyFill(FLAT, 100, 10);
    h = applyFill(h, 100, 12);
    expect(h).toEqual({ quantity: 200, averagePrice: 11, realizedPnl: 0 });
    h = applyFill(h, -50, 13);
    expect(h).toEqual({ quantity: 150, averagePrice: 11, realizedPnl: 100 });
    h = applyFill(h, -200, 9);
    expect(h).toEqual({ quantity: -50, averagePrice: 9, realizedPnl: 100 - 300 });
    expect(unrealizedPnl(h, 8)).toBe(50);
    h = applyFill(h, 50, 10);
    expect(h).toEqual({ quantity: 0, averagePrice: 0, realizedPnl: -250 });
  });

  it('conserves money: realised + unrealised equals what cash flows say, for any fills', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ q: fc.integer({ min: -500, max: 500 }).filter((x) => x !== 0), p: fc.integer({ min: 50, max: 150 }) }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 50, max: 150 }),
        (fills, mark) => {
          let h = FLAT;
          let cash = 0;
          for (const f of fills) {
            h = applyFill(h, f.q, f.p);
            cash -= f.q * f.p;
          }
          expect(h.realizedPnl + unrealizedPnl(h, mark)).toBeCloseTo(cash + h.quantity * mark, 6);
        },
      ),
    );
  });
});
