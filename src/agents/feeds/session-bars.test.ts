import { describe, expect, it } from 'vitest';
import type { OhlcvBar } from '../../shared/indicators/indicator-set.ts';
import { SessionBarBuilder } from './session-bars.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
// One New York day in December, 09:30–16:00 (UTC 14:30–21:00), and the next.
const DAY1 = { start: Date.UTC(2024, 11, 2, 14, 30), end: Date.UTC(2024, 11, 2, 21, 0) };
const DAY2 = { start: Date.UTC(2024, 11, 3, 14, 30), end: Date.UTC(2024, 11, 3, 21, 0) };
const five = (ts: number, close: number, volume = 10): OhlcvBar => ({
  ts,
  open: close,
  high: close + 1,
  low: close - 1,
  close,
  volume,
});

describe("the session's bars from IB's 5-second bars", () => {
  it('closes a 1-minute bar when the first 5-second bar of the next minute comes, with the minute’s open, high, low, close and volume', () => {
    const b = new SessionBarBuilder(MIN, [DAY1]);
    const t0 = DAY1.start;
    for (let k = 0; k < 12; k++) expect(b.add(five(t0 + k * 5_000, 100 + k))).toEqual([]);
    const [bar] = b.add(five(t0 + MIN, 200));
    expect(bar).toEqual({ ts: t0, end: t0 + MIN, open: 100, high: 112, low: 99, close: 111, volume: 120 });
  });

  it('starts the hours at the session’s open and cuts the last at its close, then starts again at the next open', () => {
    const b = new SessionBarBuilder(HOUR, [DAY1, DAY2]);
    expect(b.span(DAY1.start + 10 * MIN)).toEqual({ start: DAY1.start, end: DAY1.start + HOUR });
    // 15:30–16:00 is the day's last bar: half an hour.
    expect(b.span(DAY1.end - MIN)).toEqual({ start: DAY1.end - 30 * MIN, end: DAY1.end });
    b.add(five(DAY1.end - 5_000, 100));
    // The day's last bar closes with the next day's first 5-second bar …
    expect(b.add(five(DAY2.start, 101))).toMatchObject([{ ts: DAY1.end - 30 * MIN, end: DAY1.end, close: 100 }]);
    // … or once its close has passed by a 5-second bar's length with none.
    const c = new SessionBarBuilder(HOUR, [DAY1, DAY2]);
    c.add(five(DAY1.end - 5_000, 100));
    expect(c.due(DAY1.end + 4_999)).toEqual([]);
    expect(c.due(DAY1.end + 5_000)).toMatchObject([{ ts: DAY1.end - 30 * MIN, end: DAY1.end }]);
    expect(c.due(DAY1.end + 60_000)).toEqual([]);
  });

  it('makes a daily bar of the whole session, and aligns to UTC outside any known session', () => {
    const daily = new SessionBarBuilder(86_400_000, [DAY1]);
    expect(daily.span(DAY1.start + 3 * HOUR)).toEqual(DAY1);
    const unknown = new SessionBarBuilder(5 * MIN, []);
    expect(unknown.span(Date.UTC(2024, 11, 7, 10, 7, 30))).toEqual({
      start: Date.UTC(2024, 11, 7, 10, 5),
      end: Date.UTC(2024, 11, 7, 10, 10),
    });
  });

  it('ignores a 5-second bar older than the bar being built (IB sends some again after a reconnect)', () => {
    const b = new SessionBarBuilder(MIN, [DAY1]);
    b.add(five(DAY1.start + MIN, 100));
    expect(b.add(five(DAY1.start, 90))).toEqual([]);
    expect(b.add(five(DAY1.start + 2 * MIN, 101))).toMatchObject([{ ts: DAY1.start + MIN, low: 99 }]);
  });

  it('ignores a 5-second bar of a bar already completed, after it was closed by time: it is not made again', () => {
    const b = new SessionBarBuilder(MIN, [DAY1]);
    b.add(five(DAY1.start, 100));
    expect(b.due(DAY1.start + MIN + 5_000)).toMatchObject([{ ts: DAY1.start, close: 100 }]);
    // IB sends the minute's bars again after a reconnect: nothing is built from them.
    expect(b.add(five(DAY1.start + 30_000, 90))).toEqual([]);
    expect(b.due(DAY1.start + 2 * MIN + 5_000)).toEqual([]);
    // The next minute is built as ever.
    b.add(five(DAY1.start + MIN, 102));
    expect(b.due(DAY1.start + 2 * MIN + 5_000)).toMatchObject([{ ts: DAY1.start + MIN, open: 102, close: 102 }]);
  });
});
