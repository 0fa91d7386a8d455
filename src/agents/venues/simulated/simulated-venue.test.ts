import { describe, expect, it } from 'vitest';
import type { Price, Quantity } from '../../../shared/domain/branded.ts';
import type { InstrumentId } from '../../../shared/domain/instrument.ts';
import type { EngineEvent } from '../../../shared/messages/events.ts';
import { silentLogger } from '../../../shared/logger.ts';
import { SeededRandom } from '../../../shared/math/seeded-random.ts';
import { loadNativeBinding, orderBooks } from '../../../native/index.ts';
import { TestClock } from '../../engine/clock.ts';
import { MessageBus } from '../../engine/message-bus.ts';
import type { VenueOrderRequest } from '../venue.ts';
import { SimulatedExchange } from './simulated-exchange.ts';
import { SimulatedVenue } from './simulated-venue.ts';
import { SIMULATED_INSTRUMENTS } from './sim-instruments.ts';

const ALPHA = 'SIM:ALPHA' as InstrumentId;
const impls = loadNativeBinding().binding ? (['native', 'ts'] as const) : (['ts'] as const);

function setup(impl: 'native' | 'ts') {
  const bus = new MessageBus();
  const clock = new TestClock(1_000_000);
  const exchange = new SimulatedExchange(
    SIMULATED_INSTRUMENTS.map((i) => i.instrument),
    orderBooks(impl),
  );
  const venue = new SimulatedVenue({ bus, clock, random: new SeededRandom(1), log: silentLogger, dispatch: () => {} }, exchange, {
    fees: { perShare: 0.01, percent: 0.0001, minimumPerOrder: 1 },
    latency: { submitMs: 5, cancelMs: 3, jitterMs: 0 },
  });
  const events: EngineEvent[] = [];
  bus.subscribe<EngineEvent>('*', (e) => events.push(e));
  venue.start();
  let crowdId = 1;
  // The crowd's resting orders, placed straight into the book (price in ticks of 0.01).
  const crowd = (side: 'buy' | 'sell', price: number, qty: number) =>
    exchange.limit(ALPHA, crowdId++, side === 'buy' ? 0 : 1, Math.round(price * 100), qty);
  const order = (over: Partial<VenueOrderRequest>): VenueOrderRequest => ({
    clientOrderId: `C${events.length}-${Math.random()}`,
    instrumentId: ALPHA,
    side: 'buy',
    type: 'limit',
    quantity: 100 as Quantity,
    limitPrice: 100 as Price,
    timeInForce: 'gtc',
    ...over,
  });
  const of = (id: string) =>
    events.filter(
      (e) =>
        ('clientOrderId' in e && e.clientOrderId === id) ||
        (e.type === 'OrderFilled' && e.fill.clientOrderId === id) ||
        (e.type === 'OrderSubmitted' && e.order.clientOrderId === id),
    );
  return { bus, clock, exchange, venue, events, crowd, order, of };
}

describe.each(impls)('the simulated venue (%s book)', (impl) => {
  it('reaches the book only after the submit latency, then accepts and fills a crossing order', () => {
    const { clock, venue, crowd, order, of } = setup(impl);
    crowd('sell', 100.01, 50);
    const o = order({ clientOrderId: 'A', limitPrice: 100.01 as Price, quantity: 30 as Quantity });
    venue.submit(o);
    expect(of('A').map((e) => e.type)).toEqual(['OrderSubmitted']);
    clock.advanceBy(4);
    expect(of('A')).toHaveLength(1);
    clock.advanceBy(1);
    expect(of('A').map((e) => e.type)).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
    const fill = of('A')[2] as Extract<EngineEvent, { type: 'OrderFilled' }>;
    expect(fill.fill).toMatchObject({ price: 100.01, quantity: 30 });
    expect(fill.leavesQuantity).toBe(0);
    // 30 × 0.01 + 30 × 100.01 × 0.0001 = 0.6003, below the 1.00 minimum per order.
    expect(fill.fill.fee).toBe(1);
  });

  it('lets a market order walk the book, and what it took is gone for the next order', () => {
    const { clock, venue, crowd, order, of } = setup(impl);
    crowd('sell', 100.0, 40);
    crowd('sell', 100.05, 40);
    crowd('sell', 100.1, 40);
    venue.submit(order({ clientOrderId: 'M1', type: 'market', quantity: 60 as Quantity, timeInForce: 'ioc' }));
    clock.advanceBy(5);
    const prices = (id: string) => of(id).flatMap((e) => (e.type === 'OrderFilled' ? [[e.fill.price, e.fill.quantity]] : []));
    expect(prices('M1')).toEqual([
      [100, 40],
      [100.05, 20],
    ]);
    venue.submit(order({ clientOrderId: 'M2', type: 'market', quantity: 30 as Quantity, timeInForce: 'ioc' }));
    clock.advanceBy(5);
    expect(prices('M2')).toEqual([
      [100.05, 20],
      [100.1, 10],
    ]);
  });

  it('queues a resting limit order behind earlier orders at its price', () => {
    const { clock, venue, crowd, order, of, exchange } = setup(impl);
    crowd('buy', 99.9, 70);
    venue.submit(order({ clientOrderId: 'Q', limitPrice: 99.9 as Price, quantity: 50 as Quantity }));
    clock.advanceBy(5);
    expect(of('Q').map((e) => e.type)).toEqual(['OrderSubmitted', 'OrderAccepted']);
    exchange.market(ALPHA, 500, 1, 80);
    const fills = of('Q').filter((e) => e.type === 'OrderFilled');
    expect(fills).toHaveLength(1);
    expect((fills[0] as Extract<EngineEvent, { type: 'OrderFilled' }>).fill.quantity).toBe(10);
    expect(venue.openOrders()).toMatchObject([{ clientOrderId: 'Q', status: 'partially_filled', filledQuantity: 10 }]);
  });

  it('cancels after the cancel latency, and cancel-all closes every open order', () => {
    const { clock, venue, order, of } = setup(impl);
    venue.submit(order({ clientOrderId: 'K1', limitPrice: 99 as Price }));
    venue.submit(order({ clientOrderId: 'K2', limitPrice: 98 as Price }));
    clock.advanceBy(5);
    venue.cancel('K1');
    clock.advanceBy(2);
    expect(of('K1').at(-1)!.type).toBe('OrderAccepted');
    clock.advanceBy(1);
    expect(of('K1').at(-1)).toMatchObject({ type: 'OrderCanceled', leavesQuantity: 100, reason: 'canceled on request' });
    venue.submit(order({ clientOrderId: 'K3', limitPrice: 97 as Price }));
    venue.cancelAll('test');
    clock.advanceBy(10);
    expect(of('K2').at(-1)).toMatchObject({ type: 'OrderCanceled' });
    expect(of('K3').at(-1)).toMatchObject({ type: 'OrderCanceled', reason: 'canceled before it reached the book' });
    expect(venue.openOrders()).toEqual([]);
  });

  it('kills an FOK it cannot fill whole and cancels the rest of an IOC', () => {
    const { clock, venue, crowd, order, of } = setup(impl);
    crowd('sell', 100, 10);
    venue.submit(order({ clientOrderId: 'F', quantity: 20 as Quantity, timeInForce: 'fok' }));
    venue.submit(order({ clientOrderId: 'I', quantity: 20 as Quantity, timeInForce: 'ioc' }));
    clock.advanceBy(5);
    expect(of('F').map((e) => e.type)).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderCanceled']);
    expect(of('I').map((e) => e.type)).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderFilled', 'OrderCanceled']);
    expect(of('I').at(-1)).toMatchObject({ leavesQuantity: 10, reason: 'unfilled remainder of an immediate order' });
  });

  it.each([
    [{ quantity: Number.NaN as Quantity }, 'quantity must be a positive number, got NaN'],
    [{ quantity: 0 as Quantity }, 'quantity must be a positive number, got 0'],
    [{ quantity: -5 as Quantity }, 'quantity must be a positive number, got -5'],
    [{ quantity: 2.5 as Quantity }, 'is not a whole number of lots'],
    [{ limitPrice: 100.003 as Price }, 'is not a multiple of the tick size 0.01'],
    [{ limitPrice: Number.NaN as Price }, 'a limit order needs a positive limit price'],
    [{ instrumentId: 'SIM:NOPE' as InstrumentId }, 'does not list SIM:NOPE'],
  ])('rejects bad orders with a reason and touches no book: %o', (over, reason) => {
    const { clock, venue, order, of, exchange } = setup(impl);
    venue.submit(order({ clientOrderId: 'R', ...over }));
    clock.advanceBy(5);
    expect(of('R').map((e) => e.type)).toEqual(['OrderSubmitted', 'OrderRejected']);
    expect((of('R')[1] as Extract<EngineEvent, { type: 'OrderRejected' }>).reason).toContain(reason);
    expect(exchange.book(ALPHA).orderCount()).toBe(0);
  });

  it('keeps a waiting stop across a restart from its checkpoint (it was never in the book), and a resting limit is dropped', () => {
    const first = setup(impl);
    first.venue.submit(first.order({ clientOrderId: 'STOP', type: 'stop', stopPrice: 101 as Price }));
    first.venue.submit(first.order({ clientOrderId: 'REST', limitPrice: 99 as Price }));
    first.clock.advanceBy(10);
    const checkpoint = first.venue.saveState();
    const next = setup(impl);
    next.venue.stop();
    next.venue.loadState(checkpoint);
    next.venue.start();
    expect(next.of('REST').map((e) => e.type)).toEqual(['OrderCanceled']);
    expect(next.venue.openOrders().map((o) => o.clientOrderId)).toEqual(['STOP']);
    // A trade at the stop sets it off, and it buys at the market.
    next.crowd('sell', 101, 100);
    next.exchange.limit(ALPHA, 9_001, 0, 10_100, 1, 1);
    next.clock.advanceBy(10);
    expect(next.of('STOP').filter((e) => e.type === 'OrderFilled')).toHaveLength(1);
  });

  it('rejects a duplicate client order id', () => {
    const { clock, venue, order, of } = setup(impl);
    venue.submit(order({ clientOrderId: 'D', limitPrice: 99 as Price }));
    venue.submit(order({ clientOrderId: 'D', limitPrice: 98 as Price }));
    clock.advanceBy(5);
    expect(of('D').filter((e) => e.type === 'OrderRejected')).toMatchObject([{ reason: 'duplicate client order id' }]);
    expect(of('D').filter((e) => e.type === 'OrderAccepted')).toHaveLength(1);
  });
});
