import { describe, expect, it } from 'vitest';
import type { EventOf } from '../../../shared/messages/events.ts';
import { tempDir } from '../../store/store-fixtures.ts';
import { InstrumentStore } from '../../store/instrument-store.ts';
import type { FakeGateway } from './fake-gateway.ts';
import { FAKE_CONTRACTS } from './fake-ib-contracts.ts';
import { ibSessions, until, wait } from './ib-session.test-helper.ts';

const profile = tempDir('quorum-ib-market-data-');
const { conId, symbol, secType, primaryExchange, currency, longName, minTick, liquidHours } = FAKE_CONTRACTS[0]!;
/** AAPL as `quorum instruments add` keeps it. */
const AAPL = {
  id: 'IB:AAPL',
  exchange: 'SMART',
  multiplier: 1,
  conId,
  symbol,
  secType,
  primaryExchange,
  currency,
  longName,
  minTick,
  liquidHours,
};
let gateway: FakeGateway | null = null;
const sessions = ibSessions();

const alerts = (events: readonly { type: string }[], code: string) =>
  events.filter((e): e is EventOf<'AlertRaised'> => e.type === 'AlertRaised' && (e as EventOf<'AlertRaised'>).code === code);
const of = (events: readonly { type: string }[], type: 'QuoteUpdated' | 'TradePrinted' | 'BarClosed', instrumentId: string) =>
  events.filter((e) => {
    if (e.type !== type) return false;
    const x = e as EventOf<'QuoteUpdated'> | EventOf<'TradePrinted'> | EventOf<'BarClosed'>;
    return ('quote' in x ? x.quote.instrumentId : 'bar' in x ? x.bar.instrumentId : x.instrumentId) === instrumentId;
  });

/** TWS lost IB's servers (1100), then had them again with the market data lost (1101): subscribe again. */
function dataLost(gateway: FakeGateway): void {
  const tws = gateway.sessions.find((x) => x.clientId === 7)!;
  gateway.sendError(tws, -1, 1100, 'Connectivity between IB and Trader Workstation has been lost.');
  gateway.sendError(tws, -1, 1101, 'Connectivity between IB and Trader Workstation has been restored - data lost.');
}

type Ladder = {
  bids: { price: number; quantity: number }[];
  asks: { price: number; quantity: number }[];
  source: string;
  note: string | null;
  delayed: boolean;
};

describe('market depth from IB', () => {
  it('builds the ladder from IB’s depth rows as they are inserted, updated and deleted, and starts again after 1101', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'] });
    gateway.quote('AAPL', 100, 100.02, 50);
    const s = sessions.session(gateway, profile.file('depth.sqlite'));
    s.kernel.start();
    const ladder = async () => (await s.kernel.services.local('market.depth', { instrumentId: 'IB:AAPL', levels: 5 })) as Ladder;
    await until(() => gateway!.depthTickers.length === 1 && s.kernel.market.topOfBook?.('IB:AAPL') != null, 'the depth subscription');
    // Before any row: the top of book, said so.
    expect(await ladder()).toMatchObject({ source: 'top', note: 'top of book only: no depth from the broker yet', bids: [{ price: 100 }] });
    const row = (position: number, operation: 0 | 1 | 2, side: 0 | 1, price: number, size: number) =>
      gateway!.depth('AAPL', { position, operation, side, price, size });
    row(0, 0, 1, 100, 300);
    row(1, 0, 1, 99.99, 200);
    row(0, 0, 0, 100.02, 100);
    row(1, 0, 0, 100.03, 400);
    row(1, 0, 1, 99.995, 50); // inserted between: the old second row moves to third
    row(0, 1, 1, 100, 250); // the best bid's size changes
    row(1, 2, 0, 0, 0); // the second ask goes
    await until(() => s.kernel.market.brokerDepth?.('IB:AAPL')?.bids.length === 3, 'the rows');
    const l = await ladder();
    expect(l).toMatchObject({ source: 'depth', note: null, delayed: false });
    expect(l.bids.map((b) => [b.price, b.quantity])).toEqual([
      [100, 250],
      [99.995, 50],
      [99.99, 200],
    ]);
    expect(l.asks.map((a) => [a.price, a.quantity])).toEqual([[100.02, 100]]);

    // IB starts the book again after 1101 (data lost): the rows go, depth is asked for again.
    dataLost(gateway);
    await until(() => gateway!.depthTickers.length === 2, 'depth asked for again');
    expect((await ladder()).source).toBe('top');
  });

  it('shows the top of book where IB refuses depth, with IB’s words', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'], noDepth: ['AAPL'] });
    gateway.quote('AAPL', 100, 100.02, 50);
    const s = sessions.session(gateway, profile.file('no-depth.sqlite'));
    s.kernel.start();
    await until(() => s.kernel.market.depthRefusal?.('IB:AAPL') != null && s.kernel.market.topOfBook?.('IB:AAPL') != null, 'the refusal');
    expect(await s.kernel.services.local('market.depth', { instrumentId: 'IB:AAPL', levels: 5 })).toMatchObject({
      source: 'top',
      note: 'top of book only: IB 10092: Deep market data is not supported for this combination of security/exchange',
      bids: [{ price: 100, quantity: 50 }],
      asks: [{ price: 100.02, quantity: 50 }],
    });
  });
});

describe('bars from IB’s 5-second bars', () => {
  it('aggregates them into the session’s interval across a minute and across the close of a trading day', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'] });
    gateway.quote('AAPL', 100, 100.02, 50);
    const file = profile.file('realtime.sqlite');
    // AAPL resolved with two New York trading days, 09:30–16:00 (14:30–21:00 UTC in December).
    const kept = InstrumentStore.besideJournal(file);
    kept.save({
      ...AAPL,
      tradingHours: '20241202:0930-20241202:1600;20241203:0930-20241203:1600',
      timeZone: 'US/Eastern',
      resolvedAt: 1,
    });
    kept.close();
    const s = sessions.session(gateway, file, {}, { barIntervalMs: 60_000 });
    s.kernel.start();
    await until(() => gateway!.realtimeTickers.some((t) => !t.session.socket.destroyed), 'the real-time bars asked for');
    const send = (utc: number, close: number) =>
      gateway!.realtimeBar('AAPL', { time: utc / 1000, open: close, high: close + 0.1, low: close - 0.1, close, volume: 100 });
    const dayOneLastMinute = Date.UTC(2024, 11, 2, 20, 59);
    for (let k = 0; k < 12; k++) send(dayOneLastMinute + k * 5_000, 100 + k / 100);
    // The next 5-second bar is the next day's first: the last minute of the day closes.
    const dayTwoOpen = Date.UTC(2024, 11, 3, 14, 30);
    send(dayTwoOpen, 101);
    send(dayTwoOpen + 5_000, 101.5);
    send(dayTwoOpen + 60_000, 102);
    await until(() => of(s.events, 'BarClosed', 'IB:AAPL').length === 2, 'two bars');
    const bars = of(s.events, 'BarClosed', 'IB:AAPL').map((e) => (e as EventOf<'BarClosed'>).bar);
    expect(bars.map((b) => ({ ts: new Date(b.ts).toISOString(), o: b.open, h: b.high, l: b.low, c: b.close, v: b.volume }))).toEqual([
      { ts: '2024-12-02T20:59:00.000Z', o: 100, h: 100.21, l: 99.9, c: 100.11, v: 1_200 },
      { ts: '2024-12-03T14:30:00.000Z', o: 101, h: 101.6, l: 100.9, c: 101.5, v: 200 },
    ]);
    expect(bars.every((b) => b.intervalMs === 60_000)).toBe(true);
    // Trades no longer make bars once the 5-second bars flow.
    gateway.print('AAPL', 100.01, 5);
    await wait(100);
    expect(of(s.events, 'BarClosed', 'IB:AAPL')).toHaveLength(2);
  });
});

describe('the chart backfilled from IB', () => {
  it('records the session interval’s recent bars as history before the session’s first, without publishing them as new bars', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'] });
    gateway.quote('AAPL', 100, 100.02, 50);
    const now = Math.floor(Date.now() / 1000) * 1000;
    // The last 20 minutes of 1-second bars, the one forming now included.
    const bars = Array.from({ length: 1_200 }, (_, k) => {
      const ts = now - (1_199 - k) * 1_000;
      const close = 100 + Math.sin(k / 30);
      return { ts, open: close, high: close + 0.01, low: close - 0.01, close: Math.round(close * 100) / 100, volume: 10 + k };
    });
    gateway.history.set('AAPL', '1 secs', bars);
    const s = sessions.session(gateway, profile.file('backfill.sqlite'));
    s.kernel.start();
    await until(() => s.events.some((e) => e.type === 'BarsBackfilled'), 'the backfill');
    const [request] = gateway.history.requests;
    expect(request).toMatchObject({
      symbol: 'AAPL',
      barSize: '1 secs',
      duration: '1800 S',
      endDateTime: '',
      whatToShow: 'TRADES',
      useRth: false,
    });
    const done = s.events.find((e): e is EventOf<'BarsBackfilled'> => e.type === 'BarsBackfilled')!;
    expect(done.instrumentId).toBe('IB:AAPL');
    expect(done.bars).toBeGreaterThan(1_190);
    const recorded = s.store.bars.latest('IB:AAPL' as never, 2_000);
    expect(recorded.length).toBeGreaterThanOrEqual(done.bars);
    expect(recorded[0]).toMatchObject({ ts: bars[0]!.ts, intervalMs: 1_000, close: bars[0]!.close });
    // None of the history came as a new bar for the agents.
    expect(of(s.events, 'BarClosed', 'IB:AAPL').filter((e) => (e as EventOf<'BarClosed'>).bar.ts < now - 1_000)).toEqual([]);
  });
});

describe('market data from IB', () => {
  it('takes delayed data where the account has no subscription, labels it, and says so once', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'], noSubscription: ['MSFT'] });
    gateway.quote('AAPL', 100, 100.02, 50);
    gateway.quote('MSFT', 400, 400.1, 10);
    const s = sessions.session(gateway, profile.file('delayed-paper.sqlite'), { symbols: ['AAPL', 'MSFT'] });
    s.kernel.start();
    await until(() => s.kernel.market.topOfBook?.('IB:MSFT') != null, 'the delayed quote');
    // The client asked for delayed data where there is no subscription (type 3).
    expect(gateway.sessions.find((x) => x.clientId === 7)!.marketDataType).toBe(3);
    expect(s.kernel.market.topOfBook!('IB:MSFT')).toMatchObject({ bid: 400, ask: 400.1, delayed: true });
    expect(s.kernel.market.topOfBook!('IB:AAPL')!.delayed).toBeUndefined();
    // A paper session's agents use it, labelled.
    gateway.print('MSFT', 400.05, 3);
    await until(() => of(s.events, 'TradePrinted', 'IB:MSFT').length === 1, 'the delayed trade');
    expect(of(s.events, 'QuoteUpdated', 'IB:MSFT').at(-1)).toMatchObject({ quote: { delayed: true } });
    expect(alerts(s.events, 'IB_DELAYED_DATA').map((a) => [a.severity, a.message])).toEqual([
      ['info', 'MSFT: IB sends delayed data (the account has no market data subscription for it): shown and used labelled DELAYED'],
    ]);
  });

  it('trading live, shows delayed data but gives it to the agents only when the trader allowed it', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['U222'], noSubscription: ['MSFT'] });
    gateway.quote('AAPL', 100, 100.02, 50);
    gateway.quote('MSFT', 400, 400.1, 10);
    const live = { symbols: ['AAPL', 'MSFT'], account: { kind: 'live' as const, accountId: 'U222' } };
    const withheld = sessions.session(gateway, profile.file('delayed-live.sqlite'), live);
    withheld.kernel.start();
    await until(() => withheld.kernel.market.topOfBook?.('IB:MSFT') != null, 'the delayed quote, shown');
    gateway.print('MSFT', 400.05, 3);
    gateway.print('AAPL', 100.01, 5);
    await until(() => of(withheld.events, 'TradePrinted', 'IB:AAPL').length === 1, 'the live trade');
    await wait(1_200);
    // AAPL's live data flows to the agents (quotes, trades, bars); MSFT's delayed data does not.
    expect(of(withheld.events, 'BarClosed', 'IB:AAPL').length).toBeGreaterThan(0);
    expect(of(withheld.events, 'QuoteUpdated', 'IB:MSFT')).toEqual([]);
    expect(of(withheld.events, 'TradePrinted', 'IB:MSFT')).toEqual([]);
    expect(of(withheld.events, 'BarClosed', 'IB:MSFT')).toEqual([]);
    const [said] = alerts(withheld.events, 'IB_DELAYED_DATA');
    expect(said).toMatchObject({ severity: 'warning' });
    expect(said!.message).toMatch(/^MSFT: .* not given to the agents trading live: the setting session.delayedDataToAgents allows it$/);
    sessions.stopAll();

    const allowed = sessions.session(gateway, profile.file('delayed-live-allowed.sqlite'), { ...live, delayedDataToAgents: true });
    allowed.kernel.start();
    await until(() => allowed.kernel.market.topOfBook?.('IB:MSFT') != null, 'the delayed quote');
    gateway.print('MSFT', 400.06, 2);
    await until(() => of(allowed.events, 'TradePrinted', 'IB:MSFT').length === 1, 'the delayed trade, allowed');
  });

  it('says which instrument found no market data line free (IB 101), once, and resubscribes after 1101', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'], marketDataLines: 1 });
    gateway.quote('AAPL', 100, 100.02, 50);
    const s = sessions.session(gateway, profile.file('lines.sqlite'), { symbols: ['AAPL', 'MSFT'] });
    s.kernel.start();
    await until(() => alerts(s.events, 'IB_MARKET_DATA_LINES').length === 1, 'the lines alert');
    expect(alerts(s.events, 'IB_MARKET_DATA_LINES')[0]!.message).toBe(
      'no market data for MSFT: every market data line of the IB account is in use (IB 101: Max number of tickers has been reached.). List fewer instruments, or add lines at IB',
    );
    // After 1101 the subscriptions are asked for again, and the same refusal is not said twice.
    const tws = gateway.sessions.find((x) => x.clientId === 7)!;
    // Quote subscriptions only (not the headlines', which ask for mdoff).
    const subscriptions = () => tws.received.filter((f) => f[0] === '1' && !f.some((x) => x.startsWith('mdoff'))).length;
    await until(() => subscriptions() === 2, 'both asked for');
    dataLost(gateway);
    await until(() => subscriptions() === 4, 'the quotes resubscribed');
    await wait(100);
    expect(alerts(s.events, 'IB_MARKET_DATA_LINES')).toHaveLength(1);
    expect(s.kernel.market.topOfBook!('IB:AAPL')).toMatchObject({ bid: 100 });
  });
});
