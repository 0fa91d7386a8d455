import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../store/chain.ts';
import { tempDir } from '../../store/store-fixtures.ts';
import { InstrumentStore } from '../../store/instrument-store.ts';
import type { FakeGateway } from './fake-gateway.ts';
import { ibSessions, until, wait } from './ib-session.test-helper.ts';
import { FAKE_CONTRACTS } from './fake-ib-contracts.ts';
import { inNightlyRestartWindow } from './ib-connection-status.ts';
import type { IbSessionSpec } from './ib-market.ts';

const profile = tempDir('quorum-ib-session-');
let gateway: FakeGateway | null = null;
const sessions = ibSessions();
const session = (file: string, spec: Partial<IbSessionSpec> = {}, startHalted?: { reason: string; flatten: boolean; haltId: string }) =>
  sessions.session(gateway!, file, spec, { startHalted });

/** AAPL as `quorum instruments add` keeps it: with its contract id. */
const { longName, minTick, timeZone, tradingHours, liquidHours, conId, symbol, secType, primaryExchange, currency } = FAKE_CONTRACTS[0]!;
const AAPL_DETAILS = {
  id: 'IB:AAPL',
  exchange: 'SMART',
  multiplier: 1,
  longName,
  minTick,
  timeZone,
  tradingHours,
  liquidHours,
  conId,
  symbol,
  secType,
  primaryExchange,
  currency,
};

const buy = (quantity: number, over: object = {}) => ({
  instrumentId: 'IB:AAPL',
  side: 'buy',
  type: 'market',
  quantity,
  timeInForce: 'day',
  ...over,
});

describe('a paper session on Interactive Brokers', () => {
  it('quotes from IB, sends the trader’s order through the gate to IB, and journals the fill with IB’s commission', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'], nextValidId: 50 });
    gateway.quote('AAPL', 189.5, 189.52, 500);
    const s = session(profile.file('paper.sqlite'));
    s.kernel.start();
    await until(() => s.venue.isConnected() && s.kernel.portfolio.mark('IB:AAPL') !== null, 'the connection and a price');
    expect(s.venue.connection()).toMatchObject({ state: 'connected', accounts: ['DU111'], account: 'DU111', serverVersion: 193 });
    const depth = (await s.kernel.services.call('market.depth', { instrumentId: 'IB:AAPL', levels: 5 })) as { result: unknown };
    expect(depth.result).toMatchObject({ bids: [{ price: 189.5, quantity: 500 }], asks: [{ price: 189.52, quantity: 500 }] });

    const r = (await s.kernel.services.call('orders.submit', buy(100))) as { ok: boolean; result: { clientOrderId: string } };
    expect(r.ok).toBe(true);
    await until(() => s.events.some((e) => e.type === 'OrderFilled'), 'the fill');
    const fill = s.events.find((e) => e.type === 'OrderFilled')!;
    expect(fill).toMatchObject({ fill: { clientOrderId: r.result.clientOrderId, price: 189.52, quantity: 100, fee: 1 } });
    // Sent once, with our id in orderRef and the account IB listed.
    const placed = [...gateway.orders.values()];
    expect(placed.map((o) => [o.orderId, o.orderRef, o.account])).toEqual([[50, r.result.clientOrderId, 'DU111']]);
    expect(s.kernel.portfolio.holding('IB:AAPL').quantity).toBe(gateway.positions.get('AAPL'));
    expect(verifyChain(s.store.journal.rows())).toMatchObject({ ok: true });
  });

  it('refuses a live account in a paper session, says why, and sends nothing', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['U222'] });
    const s = session(profile.file('refused.sqlite'));
    s.kernel.start();
    await until(() => s.venue.connection().state === 'refused', 'the refusal');
    expect(s.venue.connection().detail).toContain('account U222 is a live account');
    expect(s.events.find((e) => e.type === 'AlertRaised')).toMatchObject({ severity: 'critical', code: 'ib-account-refused' });
    const r = (await s.kernel.services.call('orders.submit', buy(1))) as { ok: boolean };
    await wait(100);
    expect(r.ok).toBe(true);
    expect(s.events.find((e) => e.type === 'OrderRejected' || e.type === 'OrderDenied')).toBeDefined();
    expect(gateway.orders.size).toBe(0);
    // It does not keep knocking: one connection only.
    await wait(800);
    expect(gateway.sessions).toHaveLength(1);
  });

  it('finds an order sent after the last checkpoint at IB when the engine comes back, sends nothing twice, and journals its fill once', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'], nextValidId: 10 });
    gateway.quote('AAPL', 100, 100.02, 10);
    const first = session(profile.file('killed.sqlite'));
    first.kernel.start();
    await until(() => first.venue.isConnected() && first.kernel.portfolio.mark('IB:AAPL') !== null, 'the connection');
    first.kernel.checkpoint();
    // A limit below the market: it rests at IB. The engine then dies without a checkpoint.
    const r = (await first.kernel.services.call('orders.submit', buy(30, { type: 'limit', limitPrice: 99.9 }))) as {
      result: { clientOrderId: string };
    };
    await until(() => first.events.some((e) => e.type === 'OrderAccepted'), 'IB accepting the order');
    // The profile as a SIGKILL would leave it (journaled, no checkpoint since the order); then this engine goes.
    const killed = profile.file('killed-copy.sqlite');
    first.store.db.exec(`VACUUM INTO '${killed}'`);
    sessions.stopAll();
    // While no engine runs, it fills at IB.
    gateway.quote('AAPL', 99.88, 99.9, 30);

    const second = session(killed);
    second.kernel.start();
    await until(() => second.events.some((e) => e.type === 'OrderFilled'), 'the fill made while the engine was down');
    await wait(200);
    const id = r.result.clientOrderId;
    expect(gateway.orders.size).toBe(1);
    expect(second.store.db.prepare('SELECT status, filled_quantity AS q FROM orders WHERE client_order_id = ?').get(id)).toEqual({
      status: 'filled',
      q: 30,
    });
    expect(second.store.db.prepare('SELECT COUNT(*) AS n FROM fills').get()).toEqual({ n: 1 });
    expect(second.kernel.portfolio.holding('IB:AAPL').quantity).toBe(gateway.positions.get('AAPL'));
    // The reconciliation says so, and finds the book and IB agreeing.
    await until(() => second.events.some((e) => e.type === 'BrokerReconciled'), 'the reconciliation report');
    expect(second.events.find((e) => e.type === 'BrokerReconciled')).toMatchObject({ fillsRecovered: 1, positions: { 'IB:AAPL': 30 } });
    expect(second.events.find((e) => e.type === 'OrderFilled')).toMatchObject({ source: 'reconciliation' });
    expect(second.events.some((e) => e.type === 'AlertRaised' && e.code === 'BROKER_POSITION_MISMATCH')).toBe(false);
  });

  it('restates the position and cash when IB corrects an execution, and after a restart agrees with IB without applying it twice', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'], nextValidId: 10 });
    gateway.quote('AAPL', 100, 100.02, 100);
    const file = profile.file('corrected.sqlite');
    const first = session(file);
    first.kernel.start();
    await until(() => first.venue.isConnected() && first.kernel.portfolio.mark('IB:AAPL') !== null, 'the connection');
    await first.kernel.services.call('orders.submit', buy(100));
    await until(() => first.events.some((e) => e.type === 'OrderFilled'), 'the fill');
    const cashAfterFill = first.kernel.portfolio.snapshot().cash;
    // IB: it was 90 shares at 100.01, not 100 at 100.02.
    gateway.correctExecution(gateway.executions[0]!.execId, { shares: 90, price: 100.01 });
    await until(() => first.events.some((e) => e.type === 'FillCorrected'), 'the correction');
    expect(first.kernel.portfolio.holding('IB:AAPL')).toEqual({ quantity: 90, averagePrice: expect.closeTo(100.01, 9), realizedPnl: 0 });
    expect(first.kernel.portfolio.snapshot().cash).toBeCloseTo(cashAfterFill + 100 * 100.02 - 90 * 100.01, 6);
    expect(first.store.db.prepare('SELECT quantity, average_price AS price FROM positions').get()).toEqual({
      quantity: 90,
      price: expect.closeTo(100.01, 9),
    });
    sessions.stopAll();

    // Back again: IB tells both executions once more; the journal has the fill and its correction already.
    const second = session(file);
    second.kernel.start();
    await until(() => second.events.some((e) => e.type === 'BrokerReconciled'), 'the reconciliation report');
    await wait(200);
    expect(second.events.filter((e) => e.type === 'OrderFilled' || e.type === 'FillCorrected')).toEqual([]);
    expect(second.store.db.prepare("SELECT COUNT(*) AS n FROM journal WHERE type = 'FillCorrected'").get()).toEqual({ n: 1 });
    expect(second.kernel.portfolio.holding('IB:AAPL').quantity).toBe(gateway.positions.get('AAPL'));
    expect(second.events.some((e) => e.type === 'AlertRaised' && e.code === 'BROKER_POSITION_MISMATCH')).toBe(false);
    expect(verifyChain(second.store.journal.rows())).toMatchObject({ ok: true });
  });

  it('starts HALTED after the host’s kill switch, and cancels what works at IB and flattens as soon as it connects', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'], nextValidId: 10 });
    gateway.quote('AAPL', 100, 100.02, 50);
    const first = session(profile.file('halted.sqlite'));
    first.kernel.start();
    await until(() => first.venue.isConnected() && first.kernel.portfolio.mark('IB:AAPL') !== null, 'the connection');
    await first.kernel.services.call('orders.submit', buy(20));
    await first.kernel.services.call('orders.submit', buy(10, { type: 'limit', limitPrice: 99, timeInForce: 'gtc' }));
    await until(
      () => first.events.filter((e) => e.type === 'OrderAccepted').length === 2 && gateway!.positions.get('AAPL') === 20,
      'IB working the limit',
    );
    sessions.stopAll();
    const second = session(profile.file('halted.sqlite'), {}, { reason: 'the engine hung', flatten: true, haltId: 'h1' });
    second.kernel.start();
    expect(second.kernel.startedHalted).toMatchObject({ state: 'HALTED' });
    await until(
      () => [...gateway!.orders.values()].every((o) => o.status !== 'Submitted') && gateway!.positions.get('AAPL') === 0,
      'nothing working and flat at IB',
      8_000,
    );
    expect(gateway.sessions.flatMap((x) => x.received).filter((f) => f[0] === '58')).toHaveLength(1);
  });

  it('journals the fills of the host’s flatten at IB, so the next reconciliation finds the book flat like IB', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'], nextValidId: 10 });
    gateway.quote('AAPL', 100, 100.02, 50);
    const file = profile.file('host-flatten.sqlite');
    const first = session(file);
    first.kernel.start();
    await until(() => first.venue.isConnected() && first.kernel.portfolio.mark('IB:AAPL') !== null, 'the connection');
    await first.kernel.services.call('orders.submit', buy(20));
    await until(() => first.kernel.portfolio.holding('IB:AAPL').quantity === 20 && gateway!.positions.get('AAPL') === 20, 'bought 20');
    sessions.stopAll();
    // The engine hung; the host sold the 20 at IB on its own connection, and tells the next engine as it starts.
    gateway.hold('AAPL', -20);
    const second = session(file);
    second.kernel.start();
    second.kernel.recordBrokerEmergency({
      globalCancelSent: true,
      flattening: [{ symbol: 'AAPL', action: 'SELL', quantity: 20, orderId: 900 }],
      fills: [{ orderId: 900, execId: '0000f0001.01.01', symbol: 'AAPL', action: 'SELL', shares: 20, price: 100, commission: 1 }],
      openAfter: 0,
      error: null,
    });
    await until(() => second.events.some((e) => e.type === 'BrokerReconciled'), 'the reconciliation');
    expect(second.kernel.portfolio.holding('IB:AAPL').quantity).toBe(0);
    expect(second.events.filter((e) => e.type === 'AlertRaised').map((e) => (e as { code: string }).code)).toEqual([
      'host-broker-emergency',
    ]);
    expect(second.kernel.tradingState.current.state).toBe('ACTIVE');
    const journal = second.store.journal.recent(50).reverse();
    expect(journal.filter((r) => r.source === 'host.kill-switch').map((r) => r.type)).toEqual([
      'OrderSubmitted',
      'OrderAccepted',
      'OrderFilled',
      'AlertRaised',
    ]);
    expect(verifyChain(second.store.journal.rows())).toMatchObject({ ok: true });
  });

  it('reports each reconciliation, and a position IB holds that the book does not know raises an alert and sets REDUCING', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'] });
    gateway.quote('AAPL', 100, 100.02, 50);
    // Bought in TWS by hand, before Quorum ever connected.
    gateway.hold('AAPL', 40);
    const s = session(profile.file('mismatch.sqlite'));
    s.kernel.start();
    await until(() => s.events.some((e) => e.type === 'BrokerReconciled'), 'the reconciliation report');
    expect(s.events.find((e) => e.type === 'BrokerReconciled')).toMatchObject({
      account: 'DU111',
      fillsRecovered: 0,
      ordersClosed: 0,
      positions: { 'IB:AAPL': 40 },
      accountSummary: { netLiquidation: 1_000_000, buyingPower: 4_000_000, availableFunds: 1_000_000, currency: 'USD' },
    });
    await until(() => s.kernel.tradingState.current.state === 'REDUCING', 'REDUCING');
    const alert = s.events.find((e) => e.type === 'AlertRaised' && e.code === 'BROKER_POSITION_MISMATCH');
    expect(alert).toMatchObject({ severity: 'critical', message: expect.stringContaining('IB:AAPL: 40 at Interactive Brokers, 0 here') });
    // Journaled, and shown on the connection panel.
    expect(s.store.journal.recent(50).some((r) => r.type === 'BrokerReconciled')).toBe(true);
    expect(s.venue.connection().lastReconciliation).toMatchObject({ positions: { 'IB:AAPL': 40 } });
  });

  it('refuses orders while TWS has lost IB’s servers (1100), takes them again on 1102, and resubscribes the quotes on 1101', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'] });
    gateway.quote('AAPL', 100, 100.02, 50);
    const s = session(profile.file('servers-lost.sqlite'));
    s.kernel.start();
    await until(() => s.venue.isConnected() && s.kernel.portfolio.mark('IB:AAPL') !== null, 'the connection');
    const tws = gateway.sessions.find((x) => x.clientId === 7)!;
    const info = (code: number, text: string) => gateway!.sendError(tws, -1, code, text);
    const resting = (await s.kernel.services.call('orders.submit', buy(5, { type: 'limit', limitPrice: 99 }))) as {
      result: { clientOrderId: string };
    };
    await until(() => s.events.some((e) => e.type === 'OrderAccepted'), 'the resting order');
    info(1100, 'Connectivity between IB and Trader Workstation has been lost.');
    await until(() => s.venue.connection().state === 'ib-servers-lost', 'the servers-lost state');
    // Between 23:30 and 01:00 US Eastern the loss is IB's nightly restart, and said so (the test had
    // failed whenever it ran then: 04:30–06:00 UTC).
    expect(s.venue.connection().detail).toContain(
      inNightlyRestartWindow(Date.now()) ? "IB's nightly restart window" : 'orders cannot go out',
    );
    await s.kernel.services.call('orders.submit', buy(1));
    // The risk gate's venue-connected check refuses it before it reaches the venue.
    await until(() => s.events.some((e) => e.type === 'OrderDenied'), 'the refusal');
    expect(s.events.find((e) => e.type === 'OrderDenied')).toMatchObject({ reasonCode: 'VENUE_DISCONNECTED' });
    expect(gateway.orders.size).toBe(1);
    // A cancel asked for meanwhile waits for IB's servers, then goes out.
    await s.kernel.services.call('orders.cancel', { clientOrderId: resting.result.clientOrderId });
    await wait(100);
    const cancels = () => tws.received.filter((f) => f[0] === '4').length;
    expect(cancels()).toBe(0);
    info(1102, 'Connectivity between IB and Trader Workstation has been restored - data maintained.');
    await until(() => s.venue.isConnected(), 'connected again');
    await until(() => s.events.some((e) => e.type === 'OrderCanceled'), 'the waiting cancel done');
    expect(cancels()).toBe(1);
    await s.kernel.services.call('orders.submit', buy(1));
    await until(() => gateway!.orders.size === 2, 'the order at IB');
    // Lost again, then restored with the market data lost: the quotes are asked for again.
    const subscriptions = () => tws.received.filter((f) => f[0] === '1').length;
    const before = subscriptions();
    info(1100, 'Connectivity between IB and Trader Workstation has been lost.');
    info(1101, 'Connectivity between IB and Trader Workstation has been restored - data lost.');
    await until(() => subscriptions() === before + 1, 'the quotes resubscribed');
    expect(s.venue.isConnected()).toBe(true);
  });

  it('reads IB’s headlines for its instruments and its bulletins, counts a story from two providers once, and votes on them', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'] });
    gateway.quote('AAPL', 100, 100.02, 50);
    const s = session(profile.file('news.sqlite'));
    s.kernel.start();
    await until(() => gateway!.newsTickers.length === 1, 'the headline subscription');
    // Headlines only (mdoff), from every provider the account has.
    expect(gateway.newsTickers.map((t) => [t.symbol, t.providers])).toEqual([['AAPL', 'BRFG+DJNL']]);
    const now = Date.now();
    gateway.headline('AAPL', { provider: 'BRFG', articleId: 'BRFG$0a1', ts: now, text: 'Apple beats estimates, raises guidance' });
    gateway.headline('AAPL', { provider: 'DJNL', articleId: 'DJNL$77', ts: now + 2_000, text: 'Apple Beats Estimates; Raises Guidance' });
    gateway.bulletin(9, 'Trading halted on NASDAQ in XYZ', 'NASDAQ');
    await until(() => s.kernel.news!.view('IB:AAPL', Date.now() + 10_000)?.count === 2, 'the headline and the bulletin');
    const v = s.kernel.news!.view('IB:AAPL', Date.now() + 10_000)!;
    expect(v.moving.map((m) => [m.headline.source, m.headline.headline]).sort()).toEqual([
      ['BRFG', 'Apple beats estimates, raises guidance'],
      ['IB bulletin (NASDAQ)', 'Trading halted on NASDAQ in XYZ'],
    ]);
    // The next bar's close sees them: the news analyst votes, naming the headline.
    await until(() => s.events.some((e) => e.type === 'SignalEmitted' && e.signal.agentId === 'analyst.news'), 'a news vote', 5_000);
    const vote = s.events.find((e) => e.type === 'SignalEmitted' && e.signal.agentId === 'analyst.news');
    expect(vote).toMatchObject({
      signal: { instrumentId: 'IB:AAPL', rationale: { summary: expect.stringContaining('Apple beats estimates') } },
    });
  });

  it('starts with the last four days of headlines for an instrument IB resolved, each story once, with its article; not for one without a contract id', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'] });
    gateway.quote('AAPL', 100, 100.02, 50);
    const file = profile.file('news-history.sqlite');
    const resolved = InstrumentStore.besideJournal(file);
    resolved.save({ ...AAPL_DETAILS, resolvedAt: Date.now() });
    resolved.close();
    const now = Date.now();
    const hour = 3_600_000;
    const archived = (articleId: string, ago: number, text: string, provider = 'BRFG') => ({
      conId: 265598,
      provider,
      articleId,
      ts: now - ago,
      text,
    });
    gateway.newsArchive.headlines.push(
      archived('BRFG$1', 2 * hour, 'Apple beats estimates, raises guidance'),
      archived('BRFG$2', 30 * hour, 'Apple shares slip on supply worries'),
      // Older than four days: not asked for.
      archived('BRFG$3', 5 * 24 * hour, 'Apple plunges after warning'),
      // A provider the account does not have.
      archived('FLY$9', hour, 'Apple soars', 'FLY'),
    );
    const s = session(file, { symbols: ['AAPL', 'MSFT'] });
    s.kernel.start();
    await until(() => gateway!.newsArchive.requests.length === 1, 'the historical headline request');
    // AAPL by its contract id, from the account's providers; MSFT has none (not added with quorum instruments add).
    const [request] = gateway.newsArchive.requests;
    expect(request!.slice(2, 4)).toEqual(['265598', 'BRFG+DJNL']);
    expect(request![6]).toBe('300');
    await until(() => s.kernel.news!.view('IB:AAPL', now + 1)?.count === 2, 'the past headlines');
    expect(
      s.kernel
        .news!.view('IB:AAPL', now + 1)!
        .moving.map((m) => [m.headline.id, m.headline.ts])
        .sort(),
    ).toEqual([
      ['BRFG:BRFG$1', Math.floor((now - 2 * hour) / 1000) * 1000],
      ['BRFG:BRFG$2', Math.floor((now - 30 * hour) / 1000) * 1000],
    ]);
    // The same story as a live headline tick is the same story.
    await until(() => gateway!.newsTickers.length === 2, 'the headline subscriptions');
    gateway.headline('AAPL', { provider: 'BRFG', articleId: 'BRFG$1', ts: now - 2 * hour, text: 'Apple beats estimates, raises guidance' });
    await wait(100);
    expect(s.kernel.news!.view('IB:AAPL', now + 1)?.count).toBe(2);
    expect(gateway.newsArchive.requests).toHaveLength(1);

    // The article behind a headline, read through the news service; one IB does not have is IB's error, in words.
    gateway.newsArchive.articles.set('BRFG:BRFG$1', { kind: 'text', text: '<p>Apple <b>beat</b> estimates.</p>' });
    expect(
      s.kernel
        .news!.view('IB:AAPL', now + 1)!
        .moving.map((m) => m.headline.article)
        .sort((a, b) => a!.id.localeCompare(b!.id)),
    ).toEqual([
      { provider: 'BRFG', id: 'BRFG$1' },
      { provider: 'BRFG', id: 'BRFG$2' },
    ]);
    expect(await s.kernel.services.local('news.article', { provider: 'BRFG', id: 'BRFG$1' })).toEqual({
      kind: 'text',
      text: '<p>Apple <b>beat</b> estimates.</p>',
    });
    await expect(s.kernel.services.local('news.article', { provider: 'BRFG', id: 'BRFG$2' })).rejects.toThrow(
      /reading BRFG article BRFG\$2: IB answered 10172: Failed to request news article/,
    );
    expect(s.events.some((e) => e.type === 'OrderRejected')).toBe(false);
  });

  it('flags a competing session’s hold on the market data (10197) once, keeps trading, and clears the flag when prices come again', async () => {
    gateway = await sessions.gatewayStarted({ accounts: ['DU111'] });
    gateway.quote('AAPL', 100, 100.02, 50);
    const s = session(profile.file('competing.sqlite'));
    s.kernel.start();
    await until(() => s.venue.isConnected() && s.kernel.portfolio.mark('IB:AAPL') !== null, 'the connection');
    const tws = gateway.sessions.find((x) => x.clientId === 7)!;
    // IB says it for each subscription.
    for (let i = 0; i < 3; i++) gateway.sendError(tws, 1000 + i, 10197, 'No market data during competing live session');
    await until(() => s.venue.connection().marketDataHalted !== null, 'the flag');
    expect(s.venue.connection()).toMatchObject({
      state: 'connected',
      marketDataHalted: expect.stringContaining('another session of this IB login'),
    });
    await wait(100);
    expect(s.events.filter((e) => e.type === 'AlertRaised' && e.code === 'BROKER_MARKET_DATA_COMPETING')).toHaveLength(1);
    await s.kernel.services.call('orders.submit', buy(1));
    await until(() => gateway!.orders.size === 1, 'the order at IB');
    // The other session logs out: prices come again.
    gateway.quote('AAPL', 100.01, 100.03, 50);
    await until(() => s.venue.connection().marketDataHalted === null, 'the flag cleared');
  });
});
