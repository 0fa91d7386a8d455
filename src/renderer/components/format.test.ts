import { describe, expect, it } from 'vitest';
import { formatCloseTime, formatPercent, formatTime, formatVolume, formatWeight, orderPricing } from './format.ts';

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

  it("shows times of day in UTC, and a daily bar's midnight timestamp as its date", () => {
    expect(formatTime(Date.UTC(2026, 10, 21, 23, 5, 9, 400))).toBe('23:05:09');
    expect(formatTime(Date.UTC(2002, 5, 7))).toBe('2002-06-07');
    expect(formatTime(Date.UTC(2002, 5, 7, 0, 0, 1))).toBe('00:00:01');
  });

  it("names a daily bar's close by the day that closed, not the midnight after it", () => {
    // Friday 2002-07-12's bar closes at Saturday 00:00 UTC.
    expect(formatCloseTime(Date.UTC(2002, 6, 13))).toBe('2002-07-12 close');
    expect(formatCloseTime(Date.UTC(2026, 10, 21, 9, 31))).toBe('09:31:00');
    expect(formatCloseTime(Date.UTC(2026, 10, 21, 9, 31), true)).toBe('2026-11-21 09:31:00');
  });

  it('says how an order is priced: market, limit, stop, stop with limit, outside regular hours', () => {
    expect(orderPricing({ type: 'market' })).toBe('market');
    expect(orderPricing({ type: 'limit', limitPrice: 101.5 })).toBe('limit 101.5');
    expect(orderPricing({ type: 'stop', stopPrice: 99, limitPrice: 1 })).toBe('stop 99');
    expect(orderPricing({ type: 'stop_limit', stopPrice: 99, limitPrice: 98.5, outsideRth: true })).toBe(
      'stop 99 limit 98.5 · outside RTH',
    );
  });

  it('shows volumes in compact form', () => {
    expect(formatVolume(1_430_000_000)).toBe('1.43B');
    expect(formatVolume(724_940_000)).toBe('724.94M');
    expect(formatVolume(943)).toBe('943');
  });
});
