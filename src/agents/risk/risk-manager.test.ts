import type { EventOf } from '../../shared/messages/events.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order } from '../../shared/domain/orders.ts';
import { DEFAULT_RISK_LIMITS, type TradingState } from '../../shared/domain/risk.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import { silentLogger } from '../../shared/logger.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import { TestClock } from '../engine/clock.ts';
import { MessageBus } from '../engine/message-bus.ts';
import { PortfolioTracker } from '../portfolio/portfolio-tracker.ts';
import type { Venue, VenueOrderRequest } from '../venues/venue.ts';
import { PRE_TRADE_ENDPOINT, RiskManager } from './risk-manager.ts';

/** A venue that only records what reaches it. */
class RecordingVenue implements Venue {
  readonly name = 'recording';
  sent: VenueOrderRequest[] = [];
  canceledAll = 0;
  isConnected = () => true;
  submit = (r: VenueOrderRequest) => void this.sent.push(r);
  cancel = () => {};
  amend = () => {};
  cancelAll = () => void this.canceledAll++;
  openOrders = (): Order[] => [];
  reconcileWithJournal = () => {};
}

function world(state: TradingState, position: number) {
  const bus = new MessageBus();
  const clock = new TestClock(1_700_000_000_000);
  const ctx = (id: string) => ({ bus, clock, random: new SeededRandom(id.length), log: silentLogger, dispatch: () => {} });
  const holdings = new Map([['SIM:ALPHA', { quantity: position, averagePrice: 100, realizedPnl: 0 }]]);
  const portfolio = new PortfolioTracker(ctx('p'), { holdings, cash: 1e6 - position * 100, fees: 0, startingCash: 1e6 });
  const venue = new RecordingVenue();
  const risk = new RiskManager(ctx('risk'), {
    venue,
    portfolio,
    tradingState: {
      get current() {
        return { state, reason: 't', changedAt: 0 };
      },
    },
    limits: DEFAULT_RISK_LIMITS,
    isKnownClientOrderId: () => false,
  });
  const events: EngineEvent[] = [];
  bus.subscribe<EngineEvent>('*', (e) => events.push(e));
  portfolio.start();
  risk.start();
  bus.publish('TradePrinted', {
    type: 'TradePrinted',
    tsEvent: clock.now(),
    tsInit: clock.now(),
    source: 't',
    instrumentId: 'SIM:ALPHA',
    price: 100,
    quantity: 1,
    aggressor: 'buy',
    ours: false,
  });
  let n = 0;
  const submit = (side: 'buy' | 'sell', quantity: number, flatten = false, over: Record<string, unknown> = {}) =>
    bus.send(PRE_TRADE_ENDPOINT, {
      type: 'SubmitOrder',
      tsEvent: clock.now(),
      tsInit: clock.now(),
      source: 't',
      flatten,
      order: {
        clientOrderId: `C${++n}`,
        instrumentId: 'SIM:ALPHA',
        side,
        type: 'market',
        quantity,
        timeInForce: 'ioc',
        status: 'initialized',
        filledQuantity: 0,
        createdAt: clock.now(),
        ...over,
      },
    });
  return { venue, events, submit, clock, bus, risk };
}

const orderArb = fc.record({
  side: fc.constantFrom('buy' as const, 'sell' as const),
  quantity: fc.integer({ min: 1, max: 5_000 }),
  flatten: fc.boolean(),
});

describe('the risk manager', () => {
  it('accepts no order in HALTED except a flatten order that strictly reduces the position', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5_000, max: 5_000 }), fc.array(orderArb, { minLength: 1, maxLength: 20 }), (position, orders) => {
        const w = world('HALTED', position);
        for (const o of orders) w.submit(o.side, o.quantity, o.flatten);
        for (const sent of w.venue.sent) {
          const signed = sent.side === 'buy' ? sent.quantity : -sent.quantity;
          expect(position).not.toBe(0);
          expect(Math.sign(signed)).toBe(-Math.sign(position));
          expect(Math.abs(signed)).toBeLessThanOrEqual(Math.abs(position));
        }
        const notFlatten = orders.filter((o) => !o.flatten).length;
        expect(w.events.filter((e) => e.type === 'OrderDenied').length).toBeGreaterThanOrEqual(notFlatten);
      }),
      { numRuns: 300 },
    );
  });

  it('in REDUCING never lets an order increase exposure', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5_000, max: 5_000 }), orderArb, (position, o) => {
        const w = world('REDUCING', position);
        w.submit(o.side, o.quantity);
        for (const sent of w.venue.sent) {
          const after = position + (sent.side === 'buy' ? sent.quantity : -sent.quantity);
          expect(Math.abs(after)).toBeLessThan(Math.abs(position) + 1e-9);
          expect(Math.sign(after) === Math.sign(position) || after === 0).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('moves to REDUCING when the confidence of model signals collapses, once, and not for rule-based or shadow signals', () => {
    const w = world('ACTIVE', 0);
    const dispatched: string[] = [];
    w.risk['ctx'].dispatch = (c: { type: string }) => void dispatched.push(c.type);
    const signal = (confidence: number, model: boolean, shadow = false) =>
      w.bus.publish('SignalEmitted', {
        type: 'SignalEmitted',
        tsEvent: w.clock.now(),
        tsInit: w.clock.now(),
        source: 'analyst',
        signal: {
          agentId: 'a',
          instrumentId: 'SIM:ALPHA',
          direction: 1,
          confidence,
          horizonMs: 60_000,
          rationale: { summary: '', observations: shadow ? { shadow: 1 } : {}, ...(model ? { model: { id: 'm', hash: 'h' } } : {}) },
          ts: w.clock.now(),
        },
      });
    // Below the default 3 % floor; rule-based and shadow-model signals never count.
    for (let i = 0; i < 30; i++) signal(0.01, false);
    for (let i = 0; i < 30; i++) signal(0.01, true, true);
    expect(dispatched).toEqual([]);
    for (let i = 0; i < 19; i++) signal(0.01, true);
    expect(dispatched).toEqual([]);
    signal(0.01, true);
    expect(dispatched).toEqual(['ReduceTrading']);
    signal(0.01, true);
    expect(dispatched).toEqual(['ReduceTrading']);
    expect(w.events.filter((e) => e.type === 'AlertRaised').map((e) => (e as { code: string }).code)).toEqual(['BREAKER_MODELCONFIDENCE']);
  });

  it('passes an approved order to the venue whole: a stop-limit keeps its stop, its limit and its outside-hours flag', () => {
    const w = world('ACTIVE', 0);
    w.submit('sell', 100, false, { type: 'stop_limit', stopPrice: 99.5, limitPrice: 99.4, timeInForce: 'day', outsideRth: true });
    expect(w.venue.sent).toMatchObject([{ type: 'stop_limit', stopPrice: 99.5, limitPrice: 99.4, timeInForce: 'day', outsideRth: true }]);
  });

  it('denies with an OrderDenied event naming the check and its numbers, and lets cancels through', () => {
    const w = world('ACTIVE', 0);
    w.submit('buy', 50_000);
    expect(w.events.at(-1)).toMatchObject({
      type: 'OrderDenied',
      reasonCode: 'MAX_ORDER_QUANTITY',
      detail: { check: 'order quantity', quantity: 50_000, limit: 10_000 },
    });
    expect(w.venue.sent).toHaveLength(0);
    w.submit('buy', 100);
    expect(w.venue.sent).toHaveLength(1);
  });

  it('after a restart waits staleDataMs for a first price, and leaves positions this session does not trade alone, saying so', () => {
    const bus = new MessageBus();
    const clock = new TestClock(1_700_000_000_000);
    const ctx = (id: string) => ({ bus, clock, random: new SeededRandom(id.length), log: silentLogger, dispatch: () => {} });
    const holdings = new Map([
      ['SIM:ALPHA', { quantity: 10, averagePrice: 100, realizedPnl: 0 }],
      ['REPLAY:SP500', { quantity: 7, averagePrice: 1400, realizedPnl: 0 }],
    ]);
    const portfolio = new PortfolioTracker(ctx('p'), { holdings, cash: 1e6, fees: 0, startingCash: 1e6 });
    const dispatched: { type: string; order?: { instrumentId: string } }[] = [];
    const risk = new RiskManager(
      { ...ctx('risk'), dispatch: (c) => void dispatched.push(c as never) },
      {
        venue: new RecordingVenue(),
        portfolio,
        tradingState: { current: { state: 'HALTED', reason: 't', changedAt: 0 } },
        limits: DEFAULT_RISK_LIMITS,
        isKnownClientOrderId: () => false,
        traded: (id) => id.startsWith('SIM:'),
      },
    );
    const events: EngineEvent[] = [];
    bus.subscribe<EngineEvent>('*', (e) => events.push(e));
    portfolio.start();
    risk.start();
    const alerts = () => events.filter((e): e is EventOf<'AlertRaised'> => e.type === 'AlertRaised').map((e) => e.code);
    expect(alerts()).toEqual(['POSITIONS_NOT_TRADED_HERE']);
    // No price yet for SIM:ALPHA: not stale until staleDataMs after the start (it had tripped at once).
    clock.advanceBy(DEFAULT_RISK_LIMITS.staleDataMs - 1_000);
    expect(alerts()).toEqual(['POSITIONS_NOT_TRADED_HERE']);
    clock.advanceBy(2_000);
    expect(alerts()).toEqual(['POSITIONS_NOT_TRADED_HERE', 'BREAKER_STALEDATA']);
    expect((events.find((e) => e.type === 'AlertRaised' && e.code === 'BREAKER_STALEDATA') as { message: string }).message).toContain(
      'SIM:ALPHA',
    );
    // The kill switch flattens only what this session can trade.
    const r = risk.engageKillSwitch('test', true);
    expect(r.flattening.map((f) => f.instrumentId)).toEqual(['SIM:ALPHA']);
  });
});
