import { describe, expect, it } from 'vitest';
import { percentFigure } from './percent-figure.ts';

describe('percentFigure', () => {
  it('writes a fraction as a percentage, in exponent form from 100,000 % on', () => {
    expect(percentFigure(0.1234, 2)).toBe('12.34');
    expect(percentFigure(-0.5, 1)).toBe('-50.0');
    expect(percentFigure(999.9, 1)).toBe('99990.0');
    expect(percentFigure(31_250_277_275.88, 2)).toBe('3.1e+12');
    expect(percentFigure(-2_000, 2)).toBe('-2.0e+5');
  });
});
