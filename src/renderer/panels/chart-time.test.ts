import { describe, expect, it } from 'vitest';
import { ChartTime } from './chart-time.ts';

describe("the chart's times", () => {
  it('draws a New York stock at New York’s wall clock, winter and summer, and maps a clicked time back to the moment', () => {
    const t = new ChartTime();
    t.setZone('US/Eastern');
    // The open, 09:30 in New York: 14:30 UTC in December (EST), 13:30 UTC in July (EDT).
    const winterOpen = Date.UTC(2024, 11, 2, 14, 30);
    const summerOpen = Date.UTC(2024, 6, 8, 13, 30);
    expect(t.toTime(winterOpen)).toBe(Date.UTC(2024, 11, 2, 9, 30) / 1000);
    expect(t.toTime(summerOpen)).toBe(Date.UTC(2024, 6, 8, 9, 30) / 1000);
    expect(t.fromTime(t.toTime(winterOpen))).toBe(winterOpen);
    expect(t.fromTime(t.toTime(summerOpen))).toBe(summerOpen);
    // Across the night the clocks went forward (2024-03-10, 02:00 New York): each hour maps back to itself.
    for (let h = 0; h < 12; h++) {
      const ms = Date.UTC(2024, 2, 10, 3 + h);
      expect(t.fromTime(t.toTime(ms))).toBe(ms);
    }
  });

  it('draws UTC without a zone', () => {
    const t = new ChartTime();
    const ms = Date.UTC(2024, 11, 2, 14, 30, 15);
    expect(t.toTime(ms)).toBe(ms / 1000);
    t.setZone('Asia/Tokyo');
    t.setZone(undefined);
    expect(t.toTime(ms)).toBe(ms / 1000);
    expect(t.timeZone).toBeUndefined();
  });
});
