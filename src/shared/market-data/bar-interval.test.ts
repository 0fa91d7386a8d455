import { describe, expect, it } from 'vitest';
import { describeInterval, mixedIntervals } from './bar-interval.ts';

describe('bar intervals', () => {
  it('says an interval in the largest whole unit', () => {
    expect([86_400_000, 604_800_000, 3_600_000, 300_000, 60_000, 30_000, 1_000, 250, 90_000].map(describeInterval)).toEqual([
      '1 day',
      '7 days',
      '1 h',
      '5 min',
      '1 min',
      '30 s',
      '1 s',
      '250 ms',
      '90 s',
    ]);
  });

  it('names two files of different intervals, and nothing when they agree', () => {
    const daily = { name: 'sp500.csv', intervalMs: 86_400_000 };
    expect(mixedIntervals([daily, { name: 'other.csv', intervalMs: 86_400_000 }])).toBeNull();
    expect(mixedIntervals([])).toBeNull();
    expect(mixedIntervals([daily, { name: 'es-1m.csv', intervalMs: 60_000 }])).toBe(
      'es-1m.csv has bars of 1 min and sp500.csv of 1 day: a backtest runs on one bar interval',
    );
  });
});
