import { describe, expect, it } from 'vitest';
import type { Bar } from '../../shared/domain/market.ts';
import { silentLogger } from '../../shared/logger.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import { TestClock } from '../engine/clock.ts';
import { MessageBus } from '../engine/message-bus.ts';
import { PortfolioTracker } from './portfolio-tracker.ts';

const DAY = 86_400_000;
const START = Date.UTC(2008, 9, 6);

/**
 * 1,000 shares bought at 100 with all the cash. The clock stays on the wall time of a fast replay,
 * or follows the bars as in a backtest.
 */
function holdingAtHundred(clockFollowsBars = false) {
  const bus = new MessageBus();
  const clock = new TestClock(clockFollowsBars ? START : Date.UTC(2026, 10, 21, 12));
  const ctx = { bus, clock, random: new SeededRandom(1), log: silentLogger, dispatch: () => {} };
  const holdings = new Map([['REPLAY:SPX', { quantity: 1_000, averagePrice: 100, realizedPnl: 0 }]]);
  const portfolio = new PortfolioTracker(ctx, { holdings, cash: 0, fees: 0, startingCash: 100_000 });
  portfolio.start();
  // Daily bars: the bar of day d closes at the next midnight UTC, its market time.
  const close = (d: number, price: number) => {
    const bar = {
      instrumentId: 'REPLAY:SPX',
      intervalMs: DAY,
      ts: START + d * DAY,
      open: price,
      high: price,
      low: price,
      close: price,
      volume: 1,
    };
    if (clockFollowsBars) clock.advanceTo(bar.ts + DAY);
    bus.publish('BarClosed', { type: 'BarClosed', tsEvent: bar.ts + DAY, tsInit: clock.now(), source: 'replay', bar: bar as Bar });
  };
  return { portfolio, close };
}

describe("the portfolio tracker's trading day", () => {
  it("follows the market's time, not the wall clock: a replay of five falling days is five daily losses, not one", () => {
    const { portfolio, close } = holdingAtHundred();
    close(0, 100);
    for (let d = 1; d <= 5; d++) close(d, 100 * 0.99 ** d);
    const p = portfolio.snapshot();
    // Only the last day's 1 %, from the previous close.
    expect(p.dailyPnl / p.dayStartEquity).toBeCloseTo(-0.01, 10);
  });

  it("counts a daily bar's own move in its day: the new day starts from the previous close (as in a backtest)", () => {
    const { portfolio, close } = holdingAtHundred(true);
    close(0, 100);
    close(1, 97);
    expect(portfolio.snapshot()).toMatchObject({ dayStartEquity: 100_000, dailyPnl: -3_000 });
  });

  it("begins the day at midnight at the portfolio's exchange: in New York, 05:00 UTC in winter", () => {
    const bus = new MessageBus();
    const ctx = { bus, clock: new TestClock(0), random: new SeededRandom(1), log: silentLogger, dispatch: () => {} };
    const holdings = new Map([['IB:AAPL', { quantity: 1_000, averagePrice: 100, realizedPnl: 0 }]]);
    const portfolio = new PortfolioTracker(ctx, { holdings, cash: 0, fees: 0, startingCash: 100_000 }, undefined, 'US/Eastern');
    portfolio.start();
    const trade = (utc: number, price: number) =>
      bus.publish('TradePrinted', {
        type: 'TradePrinted',
        tsEvent: utc,
        tsInit: utc,
        source: 'feed.ibkr',
        instrumentId: 'IB:AAPL',
        price: price as never,
        quantity: 1 as never,
        aggressor: 'buy',
        ours: false,
      });
    // 2024-12-02 23:00 New York (04:00 UTC on the 3rd): still the 2nd there.
    trade(Date.UTC(2024, 11, 2, 22), 100);
    trade(Date.UTC(2024, 11, 3, 4), 99);
    expect(portfolio.snapshot()).toMatchObject({ dayStartEquity: 100_000, dailyPnl: -1_000 });
    // Midnight in New York: the 3rd begins there, from the last price.
    trade(Date.UTC(2024, 11, 3, 5), 98);
    expect(portfolio.snapshot()).toMatchObject({ dayStartEquity: 99_000, dailyPnl: -1_000 });
  });
});

describe("the portfolio tracker's figures for a backtest's step", () => {
  it('gives the snapshot’s equity and gross exposure without one: long, short, closed and unmarked holdings', () => {
    const ctx = { bus: new MessageBus(), clock: new TestClock(0), random: new SeededRandom(1), log: silentLogger, dispatch: () => {} };
    const holdings = new Map([
      ['A', { quantity: 300, averagePrice: 101.7, realizedPnl: 0 }],
      ['B', { quantity: -120, averagePrice: 55.3, realizedPnl: 12.5 }],
      ['C', { quantity: 0, averagePrice: 0, realizedPnl: -40 }],
      ['D', { quantity: 7, averagePrice: 9.99, realizedPnl: 0 }],
    ]);
    const portfolio = new PortfolioTracker(ctx, { holdings, cash: 20_000, fees: 3, startingCash: 100_000 });
    portfolio.start();
    for (const [id, close] of [
      ['A', 103.25],
      ['B', 54.1],
      ['C', 10],
    ] as const) {
      const bar = { instrumentId: id, intervalMs: 60_000, ts: 0, open: close, high: close, low: close, close, volume: 1 } as Bar;
      ctx.bus.publish('BarClosed', { type: 'BarClosed', tsEvent: 60_000, tsInit: 60_000, source: 'replay', bar });
    }
    const snap = portfolio.snapshot();
    expect(snap.grossExposure).toBe(300 * 103.25 + 120 * 54.1 + 7 * 9.99);
    // Exactly, bit for bit: a backtest's exposure column is made from these.
    expect(portfolio.grossExposure()).toBe(snap.grossExposure);
    expect(portfolio.equity()).toBe(snap.equity);
  });
});

describe("the portfolio tracker's positions in order", () => {
  it('shows an instrument first held after a snapshot in its place, by code unit, and forgets it on reset', () => {
    const ctx = { bus: new MessageBus(), clock: new TestClock(0), random: new SeededRandom(1), log: silentLogger, dispatch: () => {} };
    const holdings = new Map([['M', { quantity: 10, averagePrice: 50, realizedPnl: 0 }]]);
    const portfolio = new PortfolioTracker(ctx, { holdings, cash: 10_000, fees: 0, startingCash: 10_500 });
    portfolio.start();
    const ids = () => portfolio.snapshot().positions.map((p) => p.instrumentId);
    expect(ids()).toEqual(['M']);
    let n = 0;
    for (const [id, side] of [
      ['b', 'buy'],
      ['Z', 'sell'],
      ['A', 'buy'],
    ] as const) {
      const fill = { fillId: `f${++n}`, clientOrderId: `o${n}`, instrumentId: id, side, price: 20, quantity: 5, fee: 1, ts: n };
      ctx.bus.publish('OrderFilled', { type: 'OrderFilled', tsEvent: n, tsInit: n, source: 'venue', fill, leavesQuantity: 0 } as never);
      expect(ids()).toEqual(['A', 'M', 'Z', 'b'].filter((x) => x === 'M' || ['b', 'Z', 'A'].indexOf(x) < n));
    }
    // What the breakers read walks the same positions in the same order, and can stop.
    const walked: string[] = [];
    portfolio.eachPosition((id) => walked.push(id) === 2);
    expect(walked).toEqual(['A', 'M']);
    expect(portfolio.standing()).toMatchObject({ equity: portfolio.snapshot().equity, peakEquity: 10_500 });
    portfolio.stop();
    portfolio.reset();
    expect(ids()).toEqual(['M']);
  });
});
