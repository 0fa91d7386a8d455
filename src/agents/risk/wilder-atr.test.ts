import { describe, expect, it } from 'vitest';
import { WilderAtr } from './wilder-atr.ts';

describe("Wilder's ATR", () => {
  it('seeds with the mean of the first n true ranges, then smooths by (n−1)/n', () => {
    const atr = new WilderAtr(3);
    expect(atr.update({ high: 11, low: 9, close: 10 })).toBeNull(); // TR 2 (first bar: high − low)
    expect(atr.update({ high: 12, low: 10.5, close: 11 })).toBeNull(); // TR max(1.5, 2, 0.5) = 2
    expect(atr.update({ high: 11.5, low: 10, close: 10.5 })).toBeCloseTo((2 + 2 + 1.5) / 3, 12); // TR 1.5
    expect(atr.update({ high: 14, low: 12, close: 13 })).toBeCloseTo(((5.5 / 3) * 2 + 3.5) / 3, 12); // TR max(2, 3.5, 1.5)
  });
});
