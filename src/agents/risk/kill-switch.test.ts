import { quietVenue } from '../venues/quiet-venue.test-helper.ts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_LIMITS } from '../../shared/domain/risk.ts';
import { silentLogger } from '../../shared/logger.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import type { EngineCommand } from '../../shared/messages/commands.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import type { TradingStatus } from '../../shared/contracts/trading.contract.ts';
import { TestClock } from '../engine/clock.ts';
import { MessageBus } from '../engine/message-bus.ts';
import { PortfolioTracker } from '../portfolio/portfolio-tracker.ts';
import { KillSwitch } from './kill-switch.ts';

function setup(holdings: [string, number][], markFor: string[] = []) {
  const bus = new MessageBus();
  const clock = new TestClock(1_700_000_000_000);
  const ctx = { bus, clock, random: new SeededRandom(1), log: silentLogger, dispatch: () => {} };
  const portfolio = new PortfolioTracker(ctx, {
    holdings: new Map(holdings.map(([id, q]) => [id, { quantity: q, averagePrice: 100, realizedPnl: 0 }])),
    cash: 1e6,
    fees: 0,
    startingCash: 1e6,
  });
  portfolio.start();
  for (const id of markFor)
    bus.publish('TradePrinted', {
      type: 'TradePrinted',
      tsEvent: clock.now(),
      tsInit: clock.now(),
      source: 'm',
      instrumentId: id as never,
      price: 100,
      quantity: 1,
      aggressor: 'buy',
      ours: false,
    });
  let state: TradingStatus = { state: 'ACTIVE', reason: '', changedAt: 0 };
  const open = ['O1', 'O2'];
  const canceled: string[] = [];
  const venue = quietVenue({
    cancelAll: (reason) => void canceled.push(reason, ...open.splice(0)),
    openOrders: () => open.map((clientOrderId) => ({ clientOrderId }) as never),
  });
  const dispatched: EngineCommand[] = [];
  const published: EngineEvent[] = [];
  const ks = new KillSwitch(
    {
      clock,
      venue,
      portfolio,
      tradingState: () => state,
      limits: () => DEFAULT_RISK_LIMITS,
      traded: (id) => id.startsWith('SIM:'),
      publish: (e) => void published.push(e),
      dispatch: (c) => {
        dispatched.push(c);
        if (c.type === 'HaltTrading') state = { state: 'HALTED', reason: c.reason, changedAt: clock.now() };
      },
    },
    'risk.manager',
  );
  return { ks, clock, dispatched, published, canceled, setState: (s: TradingStatus['state']) => (state = { ...state, state: s }) };
}

describe('the kill switch', () => {
  it('halts, cancels, flattens what has a price at once and the rest on its next bar, then says it is done', () => {
    const k = setup(
      [
        ['SIM:ALPHA', 30],
        ['SIM:BRAVO', -20],
        ['REPLAY:X', 5],
      ],
      ['SIM:ALPHA'],
    );
    const r = k.ks.engage('test', true);
    expect(r).toMatchObject({ state: 'HALTED', canceled: 2 });
    expect(r.flattening).toEqual([
      { instrumentId: 'SIM:ALPHA', quantity: 30, side: 'sell' },
      { instrumentId: 'SIM:BRAVO', quantity: 20, side: 'buy' },
    ]);
    expect(k.canceled).toEqual(['kill switch: test', 'O1', 'O2']);
    const orders = () =>
      k.dispatched.flatMap((c) => (c.type === 'SubmitOrder' ? [[c.order.instrumentId, c.order.side, c.order.quantity]] : []));
    expect(orders()).toEqual([['SIM:ALPHA', 'sell', 30]]);
    k.ks.onBar('SIM:BRAVO');
    expect(orders()).toEqual([
      ['SIM:ALPHA', 'sell', 30],
      ['SIM:BRAVO', 'buy', 20],
    ]);
    k.ks.onBar('SIM:BRAVO');
    expect(orders()).toHaveLength(2);
  });

  it('drops a waiting flatten when the trader resumes, and reports what is still waiting', () => {
    const k = setup([['SIM:ALPHA', 30]]);
    k.ks.engage('test', true);
    k.clock.advanceBy(3_000);
    expect(k.published.at(-1)).toMatchObject({
      code: 'KILL_SWITCH_INCOMPLETE',
      message: expect.stringContaining('SIM:ALPHA waiting for a fresh price to flatten'),
    });
    k.setState('ACTIVE');
    k.ks.onStateChanged('ACTIVE');
    k.ks.onBar('SIM:ALPHA');
    expect(k.dispatched.filter((c) => c.type === 'SubmitOrder')).toEqual([]);
  });

  it('says once which positions this session cannot trade', () => {
    const k = setup([['REPLAY:X', 5]]);
    k.ks.warnOfUntradedPositions();
    expect(k.published).toMatchObject([{ code: 'POSITIONS_NOT_TRADED_HERE', message: expect.stringContaining('5 REPLAY:X') }]);
  });
});
