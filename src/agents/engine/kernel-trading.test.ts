import { registerServices } from '../services/register-services.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import { verifyChain } from '../store/chain.ts';
import { Store } from '../store/store.ts';
import { tempDir } from '../store/store-fixtures.ts';
import type { TestClock } from './clock.ts';
import { Kernel } from './kernel.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);
let n = 0;

function paperKernel(file = tmp.file(`t${n++}.sqlite`), seed = 11, startMs = 1_700_000_000_000) {
  const store = Store.open(file);
  const kernel = new Kernel({ mode: 'backtest', store, seed, log: silentLogger, barIntervalMs: 1_000, startMs });
  registerServices(kernel);
  const events: EngineEvent[] = [];
  kernel.bus.subscribe<EngineEvent>('*', (e) => events.push(e));
  return { kernel, store, clock: kernel.clock as TestClock, events, file };
}

const ticket = (over: object = {}) => ({
  instrumentId: 'SIM:ALPHA',
  side: 'buy',
  type: 'market',
  quantity: 100,
  timeInForce: 'ioc',
  ...over,
});

describe('trading through the kernel on the simulated market', () => {
  it('fills an order from the UI through the gate and the venue, and projects orders and fills', async () => {
    const { kernel, store, clock, events } = paperKernel();
    kernel.start();
    clock.advanceBy(5_000);
    const r = await kernel.services.call('orders.submit', ticket());
    expect(r.ok).toBe(true);
    clock.advanceBy(50);
    const id = (r as { result: { clientOrderId: string } }).result.clientOrderId;
    const mine = events.filter(
      (e) =>
        ('clientOrderId' in e && e.clientOrderId === id) ||
        (e.type === 'OrderFilled' && e.fill.clientOrderId === id) ||
        (e.type === 'OrderSubmitted' && e.order.clientOrderId === id),
    );
    // The risk manager approves (all checks passed) before the venue sees the order.
    expect(mine.slice(0, 3).map((e) => e.type)).toEqual(['OrderApproved', 'OrderSubmitted', 'OrderAccepted']);
    const filled = mine.filter((e) => e.type === 'OrderFilled').reduce((q, e) => q + (e.type === 'OrderFilled' ? e.fill.quantity : 0), 0);
    expect(filled).toBe(100);
    const row = store.db.prepare('SELECT status, filled_quantity, fees FROM orders WHERE client_order_id = ?').get(id);
    expect(row).toMatchObject({ status: 'filled', filled_quantity: 100 });
    const fills = await kernel.services.call('orders.fills', { instrumentId: 'SIM:ALPHA' });
    expect((fills as { result: unknown[] }).result.length).toBe(mine.filter((e) => e.type === 'OrderFilled').length);
    expect(verifyChain(store.journal.rows())).toMatchObject({ ok: true });
    kernel.stop();
    store.close();
  });

  it('denies new orders while HALTED, and halting cancels every open order', async () => {
    const { kernel, store, clock, events } = paperKernel();
    kernel.start();
    clock.advanceBy(2_000);
    const depth = (await kernel.services.call('market.depth', { instrumentId: 'SIM:ALPHA', levels: 5 })) as {
      result: { bids: { price: number }[] };
    };
    const farBid = depth.result.bids.at(-1)!.price - 1;
    await kernel.services.call('orders.submit', ticket({ type: 'limit', limitPrice: farBid, timeInForce: 'gtc' }));
    clock.advanceBy(20);
    expect(kernel.market.venue.openOrders()).toHaveLength(1);
    const ladder = (await kernel.services.call('market.depth', { instrumentId: 'SIM:ALPHA', levels: 50 })) as {
      result: { bids: { price: number; ours: number }[] };
    };
    expect(ladder.result.bids.find((l) => l.ours > 0)).toMatchObject({ price: farBid, ours: 100 });
    await kernel.services.call('trading.halt', { reason: 'test' });
    clock.advanceBy(20);
    expect(kernel.market.venue.openOrders()).toEqual([]);
    await kernel.services.call('orders.submit', ticket());
    clock.advanceBy(20);
    const denied = events.filter((e) => e.type === 'OrderDenied');
    expect(denied).toMatchObject([{ reasonCode: 'TRADING_HALTED', detail: { state: 'HALTED', instrumentId: 'SIM:ALPHA' } }]);
    kernel.stop();
    store.close();
  });

  it('amends a working order through risk and the book, refuses bad amends, and expires day orders at midnight', async () => {
    // Start 10 s before a UTC midnight, so the day order meets the end of its day quickly.
    const { kernel, store, clock, events } = paperKernel(undefined, 11, 19_676 * 86_400_000 - 10_000);
    kernel.start();
    clock.advanceBy(3_000);
    const bid = kernel.market.exchange!.book('SIM:ALPHA' as never).bestBid()!.price / 100;
    const price = Math.round(bid * 98) / 100;
    const { result } = (await kernel.services.call('orders.submit', ticket({ type: 'limit', limitPrice: price, timeInForce: 'day' }))) as {
      ok: true;
      result: { clientOrderId: string };
    };
    clock.advanceBy(20);
    const newPrice = Math.round(bid * 97.5) / 100;
    await kernel.services.call('orders.amend', { clientOrderId: result.clientOrderId, quantity: 150, limitPrice: newPrice });
    clock.advanceBy(20);
    expect(events.filter((e) => e.type === 'OrderAmended')).toMatchObject([
      { clientOrderId: result.clientOrderId, quantity: 150, limitPrice: newPrice },
    ]);
    expect(store.db.prepare('SELECT quantity, limit_price FROM orders WHERE client_order_id = ?').get(result.clientOrderId)).toEqual({
      quantity: 150,
      limit_price: newPrice,
    });
    const ladder = (await kernel.services.call('market.depth', { instrumentId: 'SIM:ALPHA', levels: 50 })) as {
      result: { bids: { price: number; ours: number }[] };
    };
    expect(ladder.result.bids.find((l) => l.ours > 0)).toMatchObject({ price: newPrice, ours: 150 });
    await kernel.services.call('orders.amend', { clientOrderId: result.clientOrderId, limitPrice: Math.round(bid * 50) / 100 });
    // Not working: journaled as rejected, and not answered as sent (it had said sent: true).
    expect(await kernel.services.call('orders.amend', { clientOrderId: 'nope', quantity: 5 })).toMatchObject({ result: { sent: false } });
    clock.advanceBy(20);
    expect(events.filter((e) => e.type === 'OrderAmendRejected').map((e) => (e as { reason: string }).reason)).toEqual([
      'denied by the price band check: PRICE_BAND',
      'no working order with this id',
    ]);
    const day = 86_400_000;
    clock.advanceBy(day - (clock.now() % day) + 1);
    expect(events.filter((e) => e.type === 'OrderExpired')).toMatchObject([{ clientOrderId: result.clientOrderId, leavesQuantity: 150 }]);
    expect(store.db.prepare('SELECT status FROM orders WHERE client_order_id = ?').pluck().get(result.clientOrderId)).toBe('expired');
    kernel.stop();
    store.close();
  });

  it('gives a byte-identical journal for the same seed, orders and fills included', async () => {
    const journals = [];
    for (let run = 0; run < 2; run++) {
      const { kernel, store, clock } = paperKernel(undefined, 3);
      kernel.start();
      for (let i = 0; i < 20; i++) {
        clock.advanceBy(1_000);
        await kernel.services.call('orders.submit', ticket({ side: i % 2 ? 'sell' : 'buy', quantity: 10 + i }));
      }
      clock.advanceBy(1_000);
      kernel.stop();
      journals.push([...store.journal.rows()]);
      store.close();
    }
    expect(journals[0]!.length).toBeGreaterThan(60);
    expect(journals[1]).toEqual(journals[0]);
  });

  it('after a restart the market continues from the recorded price, and stale resting orders are closed', async () => {
    const first = paperKernel();
    first.kernel.start();
    first.clock.advanceBy(30_000);
    // A resting bid 2 % under the market: inside the price band, far from being filled.
    const bid = first.kernel.market.exchange!.book('SIM:ALPHA' as never).bestBid()!.price / 100;
    await first.kernel.services.call(
      'orders.submit',
      ticket({ type: 'limit', limitPrice: Math.round(bid * 98) / 100, timeInForce: 'gtc' }),
    );
    first.clock.advanceBy(6_000);
    first.kernel.stop();
    const lastClose = first.store.bars.latest('SIM:ALPHA' as never, 1)[0]!.close;
    first.store.close();
    const second = paperKernel(first.file);
    second.kernel.start();
    second.clock.advanceBy(1_000);
    const next = second.store.bars.latest('SIM:ALPHA' as never, 1)[0]!;
    expect(Math.abs(next.open - lastClose) / lastClose).toBeLessThan(0.005);
    expect(second.events.filter((e) => e.type === 'OrderCanceled')).toMatchObject([{ reason: expect.stringContaining('restarted') }]);
    second.kernel.stop();
    second.store.close();
  });
});
