import { describe, expect, it } from 'vitest';
import { parseTradingHours, tradingDay, zonedToUtc } from './trading-hours.ts';

describe("IB's trading hours", () => {
  it('reads each session in the exchange’s time zone, summer and winter, and skips closed days', () => {
    const r = parseTradingHours('20240708:0930-20240708:1600;20241202:0930-20241202:1600;20241207:CLOSED', 'US/Eastern');
    expect(r).toEqual({
      ok: true,
      sessions: [
        // New York is UTC−4 in July (EDT), UTC−5 in December (EST).
        { start: Date.UTC(2024, 6, 8, 13, 30), end: Date.UTC(2024, 6, 8, 20, 0) },
        { start: Date.UTC(2024, 11, 2, 14, 30), end: Date.UTC(2024, 11, 2, 21, 0) },
      ],
    });
    // A session over midnight (a future's evening session) and another exchange's zone.
    expect(parseTradingHours('20241202:1800-20241203:1700', 'US/Central')).toEqual({
      ok: true,
      sessions: [{ start: Date.UTC(2024, 11, 3, 0, 0), end: Date.UTC(2024, 11, 3, 23, 0) }],
    });
    expect(zonedToUtc(2024, 3, 31, 9, 0, 'Europe/Berlin')).toBe(Date.UTC(2024, 2, 31, 7, 0)); // the day CEST begins
  });

  it('refuses what is not a session as IB writes them, and an unknown zone, naming it', () => {
    expect(parseTradingHours('20241202:0930-1600', 'US/Eastern')).toEqual({
      ok: false,
      error: '"20241202:0930-1600" is not a session as IB writes them (YYYYMMDD:HHMM-YYYYMMDD:HHMM or YYYYMMDD:CLOSED)',
    });
    expect(parseTradingHours('20241202:0930-20241202:1600', 'Mars/Olympus')).toEqual({
      ok: false,
      error: '"Mars/Olympus" is not a time zone this machine knows',
    });
  });
});

describe('the trading day', () => {
  it('is the calendar day at the exchange: New York’s begins at 05:00 UTC in winter and 04:00 in summer; UTC’s without a zone', () => {
    const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
    expect(tradingDay(Date.UTC(2024, 11, 3, 4, 59), 'US/Eastern')).toBe(day(2024, 12, 2));
    expect(tradingDay(Date.UTC(2024, 11, 3, 5, 0), 'US/Eastern')).toBe(day(2024, 12, 3));
    expect(tradingDay(Date.UTC(2024, 6, 9, 3, 59), 'US/Eastern')).toBe(day(2024, 7, 8));
    expect(tradingDay(Date.UTC(2024, 6, 9, 4, 0), 'US/Eastern')).toBe(day(2024, 7, 9));
    expect(tradingDay(Date.UTC(2024, 11, 3, 4, 59))).toBe(day(2024, 12, 3));
    // Tokyo is ahead: 15:00 UTC is already the next day there.
    expect(tradingDay(Date.UTC(2024, 11, 3, 15, 0), 'Asia/Tokyo')).toBe(day(2024, 12, 4));
  });
});
