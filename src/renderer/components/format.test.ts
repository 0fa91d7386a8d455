import { describe, expect, it } from 'vitest';
import { formatPercent, formatWeight } from './format.ts';

describe('formatting for the panels', () => {
  it('shows small portfolio weights with two significant digits instead of rounding them to 0 %', () => {
    expect(formatWeight(0.000519)).toBe('0.052%');
    expect(formatWeight(-0.004)).toBe('-0.40%');
    expect(formatWeight(0.2349)).toBe('23%');
    expect(formatWeight(0)).toBe('0%');
    expect(formatWeight(undefined)).toBe('–');
  });

  it('shows fractions as percentages with fixed decimals', () => {
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(null)).toBe('–');
  });
});
