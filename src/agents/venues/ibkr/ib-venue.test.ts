import { afterEach, describe, expect, it } from 'vitest';
import type { Price, Quantity } from '../../../shared/domain/branded.ts';
import type { EngineEvent, EventOf } from '../../../shared/messages/events.ts';
import { interactiveBrokers } from './ib-venue-harness.test-helper.ts';
import { IbVenue } from './ib-venue.ts';
import { correctedExecIds } from './ib-broker-records.ts';
import { FakeGateway } from './fake-gateway.ts';
import { MessageBus } from '../../engine/message-bus.ts';
import { LiveClock } from '../../engine/live-clock.ts';
import { SeededRandom } from '../../../shared/math/seeded-random.ts';
import { silentLogger } from '../../../shared/logger.ts';

let h: Awaited<ReturnType<typeof interactiveBrokers>> | null = null;
afterEach(async () => {
  await h?.close?.();
  h = null;
});

const buy = (id: string, quantity: number, limitPrice: number) => ({
  clientOrderId: id,
  instrumentId: 'IB:AAPL' as never,
  side: 'buy' as const,
  type: 'limit' as const,
  quantity: quantity as Quantity,
  limitPrice: limitPrice as Price,
  timeInForce: 'gtc' as const,
});

describe('the Interactive Brokers venue', () => {
  it('publishes one fill per IB execution, with IB’s commission as the fee, even when IB tells it twice', async () => {
    h = await interactiveBrokers();
    h.offer(100, 30);
    h.offer(100.5, 70);
    h.venue.submit(buy('Q-1', 100, 100.5));
    await h.settle();
    h.gateway.resendExecutions(11);
    await h.settle();
    const fills = h.events.filter((e): e is EventOf<'OrderFilled'> => e.type === 'OrderFilled').map((e) => e.fill);
    expect(fills.map((f) => [f.quantity, f.price, f.fee])).toEqual([
      [30, 100, 1],
      [70, 100.5, 1],
    ]);
    expect(new Set(fills.map((f) => f.fillId)).size).toBe(2);
    expect(fills[0]!.fillId).toMatch(/^Q-1-0000e\d{4}\.01\.01$/);
  });

  it('sends stop and stop-limit orders as STP and STP LMT, the stop as the auxiliary price, and outside-hours when asked', async () => {
    h = await interactiveBrokers();
    h.venue.submit({ ...buy('S-1', 5, 0), type: 'stop', stopPrice: 110 as Price, limitPrice: undefined as never });
    h.venue.submit({ ...buy('S-2', 5, 111), type: 'stop_limit', stopPrice: 110 as Price, timeInForce: 'day', outsideRth: true });
    await h.settle();
    const placed = h.gateway.sessions.flatMap((s) => s.received).filter((f) => f[0] === '3');
    // orderType, lmtPrice, auxPrice, tif … orderRef … outsideRth, as @stoqey/ib writes them.
    expect(placed.map((f) => [f[18], f[19], f[20], f[21], f[26], f[33]])).toEqual([
      ['STP', '', '110', 'GTC', 'S-1', '0'],
      ['STP LMT', '111', '110', 'DAY', 'S-2', '1'],
    ]);
    expect(h.venue.openOrders().map((o) => [o.clientOrderId, o.type, o.stopPrice])).toEqual([
      ['S-1', 'stop', 110],
      ['S-2', 'stop_limit', 110],
    ]);
  });

  it('applies an execution IB corrected once, as a correction of the fill and never a second fill, and says so once', async () => {
    h = await interactiveBrokers();
    h.offer(100, 30);
    h.venue.submit(buy('Q-9', 30, 100));
    await h.settle();
    const corrected = h.gateway.correctExecution(h.gateway.executions[0]!.execId, { price: 99.9 });
    await h.settle();
    h.gateway.resendExecutions(11);
    await h.settle();
    const fills = h.events.filter((e): e is EventOf<'OrderFilled'> => e.type === 'OrderFilled');
    expect(fills.map((f) => [f.fill.quantity, f.fill.price])).toEqual([[30, 100]]);
    const corrections = h.events.filter((e): e is EventOf<'FillCorrected'> => e.type === 'FillCorrected');
    expect(corrections.map((c) => [c.correctionId, c.fill.fillId, c.fill.quantity, c.fill.price, c.was.price])).toEqual([
      [corrected, fills[0]!.fill.fillId, 30, 99.9, 100],
    ]);
    const alerts = h.events.filter((e): e is EventOf<'AlertRaised'> => e.type === 'AlertRaised' && e.code === 'BROKER_EXECUTION_CORRECTED');
    expect(alerts.map((a) => a.detail)).toEqual([
      { execId: corrected, corrects: h.gateway.executions[0]!.execId, shares: 30, price: 99.9, order: 'Q-9' },
    ]);
    expect(correctedExecIds('0000e0001.01.03')).toEqual(['0000e0001.01.01', '0000e0001.01.02']);
    expect(correctedExecIds('0000e0001.01.01')).toEqual([]);
  });

  it('sends every order under an id the ledger gave out, our client order id in orderRef', async () => {
    h = await interactiveBrokers();
    h.venue.submit(buy('Q-7', 5, 50));
    h.venue.submit(buy('Q-8', 5, 50));
    await h.settle();
    const placed = h.gateway.sessions.flatMap((s) => s.received).filter((f) => f[0] === '3');
    expect(placed.map((f) => [f[1], f[26]])).toEqual([
      ['100', 'Q-7'],
      ['101', 'Q-8'],
    ]);
    expect(h.events.filter((e) => e.type === 'OrderAccepted').map((e) => (e as EventOf<'OrderAccepted'>).venueOrderId)).toEqual([
      '100',
      '101',
    ]);
  });

  it('rejects with IB’s code and words, and asks for fresh ids after a duplicate id instead of resending', async () => {
    h = await interactiveBrokers();
    h.gateway.rejectNext(201, 'Order rejected - reason:The contract is not available for trading.');
    h.venue.submit(buy('Q-9', 5, 50));
    await h.settle();
    h.gateway.rejectNext(103, 'Duplicate order id');
    h.venue.submit(buy('Q-10', 5, 50));
    await h.settle();
    const rejected = h.events
      .filter((e): e is EventOf<'OrderRejected'> => e.type === 'OrderRejected')
      .map((e) => [e.clientOrderId, e.reason]);
    expect(rejected).toEqual([
      ['Q-9', 'IB 201: Order rejected - reason:The contract is not available for trading.'],
      ['Q-10', 'IB 103: Duplicate order id'],
    ]);
    const sent = h.gateway.sessions.flatMap((s) => s.received).map((f) => f[0]);
    expect(sent.filter((t) => t === '3')).toHaveLength(2);
    expect(sent.at(-1)).toBe('8');
  });
});

describe('the Interactive Brokers venue across a lost connection', () => {
  it('reconnects by itself, and journals a fill that happened while it was away exactly once', async () => {
    h = await interactiveBrokers();
    h.venue.submit(buy('Q-20', 50, 100));
    await h.settle();
    h.gateway.dropClient(11);
    await h.settle();
    expect(h.venue.isConnected()).toBe(false);
    // The order fills at IB while nobody listens.
    h.gateway.offer('AAPL', 100, 50);
    for (let i = 0; i < 100 && !h.venue.isConnected(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(h.venue.isConnected()).toBe(true);
    await h.settle();
    // Told again on purpose: still one fill.
    h.gateway.resendExecutions(11);
    await h.settle();
    const fills = h.events.filter((e): e is EventOf<'OrderFilled'> => e.type === 'OrderFilled');
    expect(fills.map((f) => [f.fill.clientOrderId, f.fill.quantity, f.leavesQuantity])).toEqual([['Q-20', 50, 0]]);
    expect(h.venue.openOrders()).toEqual([]);
    expect(h.gateway.sessions.filter((s) => s.clientId === 11)).toHaveLength(2);
  });
});

describe('orders IB works that Quorum did not place', () => {
  const reconnect = async () => {
    h!.gateway.dropClient(11);
    await h!.settle();
    for (let i = 0; i < 100 && !h!.venue.isConnected(); i++) await new Promise((r) => setTimeout(r, 20));
    await h!.settle();
  };

  it('are reported and alerted once as external, and never managed', async () => {
    h = await interactiveBrokers();
    h.venue.submit(buy('Q-40', 10, 50));
    await h.settle();
    const typed = h.gateway.placeExternal({ symbol: 'AAPL', action: 'SELL', quantity: 25, orderType: 'LMT', lmtPrice: 120 });
    const otherClient = h.gateway.placeExternal({ symbol: 'AAPL', action: 'BUY', quantity: 5, orderType: 'MKT', clientId: 12 });
    // Under our own client id, but not an order this profile placed (a lost profile, another program with our id).
    const unknown = h.gateway.placeExternal({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'LMT', lmtPrice: 10, clientId: 11 });
    await reconnect();
    await reconnect();
    const reports = h.events.filter((e): e is EventOf<'BrokerReconciled'> => e.type === 'BrokerReconciled');
    expect(reports.at(-1)!.externalOrders).toMatchObject([
      {
        permId: typed,
        clientId: 0,
        orderId: 0,
        symbol: 'AAPL',
        side: 'sell',
        quantity: 25,
        orderType: 'LMT',
        limitPrice: 120,
        status: 'Submitted',
      },
      { permId: otherClient, clientId: 12, side: 'buy', quantity: 5, orderType: 'MKT', limitPrice: null },
      { permId: unknown, clientId: 11, side: 'buy', quantity: 1, orderType: 'LMT', limitPrice: 10 },
    ]);
    // Two reconciliations found the same three: one alert.
    const alerts = h.events.filter((e): e is EventOf<'AlertRaised'> => e.type === 'AlertRaised' && e.code === 'BROKER_EXTERNAL_ORDERS');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message).toMatch(
      /^Interactive Brokers works 3 orders Quorum did not place \(SELL 25 AAPL LMT 120 \(TWS, permId \d+\); BUY 5 AAPL MKT \(client 12/,
    );
    expect(h.venue.openOrders().map((o) => o.clientOrderId)).toEqual(['Q-40']);
    h.venue.cancelAll('test');
    await h.settle();
    expect([...h.gateway.orders.values()].filter((o) => o.status === 'Submitted').map((o) => o.permId)).toEqual([
      typed,
      otherClient,
      unknown,
    ]);
  });

  it('does not take another client’s order for ours when it has the same order id', async () => {
    h = await interactiveBrokers();
    h.venue.submit(buy('Q-41', 10, 50));
    await h.settle();
    // While we are away, ours (order id 100) is canceled in TWS, and client 12 works an order 100 of its own.
    h.gateway.dropClient(11);
    await h.settle();
    const ours = [...h.gateway.orders.values()].find((o) => o.clientId === 11)!;
    ours.status = 'Cancelled';
    h.gateway.placeExternal({ symbol: 'AAPL', action: 'BUY', quantity: 10, orderType: 'LMT', lmtPrice: 50, clientId: 12 });
    [...h.gateway.orders.values()].find((o) => o.clientId === 12)!.orderId = ours.orderId;
    for (let i = 0; i < 100 && !h.venue.isConnected(); i++) await new Promise((r) => setTimeout(r, 20));
    await h.settle();
    expect(h.venue.openOrders()).toEqual([]);
    expect(h.events.filter((e) => e.type === 'OrderCanceled').at(-1)).toMatchObject({
      clientOrderId: 'Q-41',
      reason: expect.stringMatching(/no longer has this order/),
    });
  });
});

describe('the Interactive Brokers venue after the engine restarts', () => {
  it('publishes what filled while the engine was down once, and nothing the journal already has', async () => {
    h = await interactiveBrokers();
    h.offer(100, 20);
    h.venue.submit(buy('Q-30', 50, 100));
    await h.settle();
    // What the kernel journaled before the engine died: the first fill.
    const journal = new Map(h.events.flatMap((e) => (e.type === 'OrderFilled' ? [[e.fill.fillId, e.fill] as const] : [])));
    expect(journal.size).toBe(1);
    const before = h.venue as IbVenue;
    const checkpoint = before.saveState();
    before.stop();
    await h.settle();
    // The rest fills at IB while no engine runs.
    h.gateway.offer('AAPL', 100, 30);

    const bus = new MessageBus();
    const events: EngineEvent[] = [];
    bus.subscribe<EngineEvent>('*', (e) => events.push(e));
    const restarted = new IbVenue(
      { bus, clock: new LiveClock(), random: new SeededRandom(1), log: silentLogger, dispatch: () => {} },
      {
        endpoint: { host: '127.0.0.1', port: h.gateway.port, clientId: 11 },
        instruments: [
          { instrument: h.instrument, contract: { symbol: 'AAPL', secType: 'STK' as never, exchange: 'SMART', currency: 'USD' } },
        ],
        // The restarted venue sends no order here.
        ledger: { reserve: (candidate) => candidate, open: () => [] },
        journal: { fill: (fillId) => journal.get(fillId) ?? null, corrected: () => false },
      },
    );
    restarted.loadState(checkpoint);
    restarted.reconcileWithJournal(() => ({ status: 'partially_filled', filledQuantity: 20, fills: 1 }));
    restarted.start();
    for (let i = 0; i < 100 && !(events.some((e) => e.type === 'OrderFilled') && restarted.openOrders().length === 0); i++)
      await new Promise((r) => setTimeout(r, 20));
    await h.settle();
    // Told once more for good measure: still nothing new.
    h.gateway.resendExecutions(11);
    await h.settle();
    restarted.stop();
    const fills = events.filter((e): e is EventOf<'OrderFilled'> => e.type === 'OrderFilled');
    expect(fills.map((f) => [f.fill.quantity, f.leavesQuantity])).toEqual([[30, 0]]);
    expect(journal.has(fills[0]!.fill.fillId)).toBe(false);
    expect(restarted.openOrders()).toEqual([]);
    expect(h.gateway.executions).toHaveLength(2);
  });
});

describe('the Interactive Brokers venue while TWS restarts', () => {
  it('keeps trying until something listens on the port again, then reconnects', async () => {
    h = await interactiveBrokers();
    const port = h.gateway.port;
    await h.gateway.stop();
    // Nothing listens for a while: the attempts fail (502) and are tried again, later each time.
    await new Promise((r) => setTimeout(r, 1_800));
    expect(h.venue.isConnected()).toBe(false);
    const back = await FakeGateway.start({ port });
    try {
      for (let i = 0; i < 250 && !h.venue.isConnected(); i++) await new Promise((r) => setTimeout(r, 20));
      expect(h.venue.isConnected()).toBe(true);
      expect(back.sessions.map((s) => s.clientId)).toEqual([11]);
    } finally {
      await back.stop();
    }
  });
});
