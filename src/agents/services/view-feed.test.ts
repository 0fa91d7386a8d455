import { afterAll, describe, expect, it } from 'vitest';
import type { ViewUpdate } from '../../shared/contracts/views.ts';
import { silentLogger } from '../../shared/logger.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import { TestClock } from '../engine/clock.ts';
import { Kernel } from '../engine/kernel.ts';
import { Store } from '../store/store.ts';
import { tempDir } from '../store/store-fixtures.ts';
import { registerServices } from './register-services.ts';
import { ViewFeed } from './view-feed.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);
let n = 0;

/** Lets the feed's reads (promises through the registry) settle. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

function feedOnKernel() {
  const store = Store.open(tmp.file(`v${n++}.sqlite`));
  const kernel = new Kernel({ mode: 'backtest', store, seed: 5, log: silentLogger, barIntervalMs: 1_000, startMs: 1_700_000_000_000 });
  registerServices(kernel);
  const clock = kernel.clock as TestClock;
  const posted: ViewUpdate[] = [];
  const feed = new ViewFeed({
    services: kernel.services,
    clock,
    instruments: () => kernel.market.instruments.map((i) => i.id),
    post: (u) => posted.push(u),
  });
  kernel.bus.subscribe<EngineEvent>('*', (e) => feed.onEvent(e));
  const stop = () => {
    feed.stop();
    kernel.stop();
    store.close();
  };
  return { kernel, clock, feed, posted, stop };
}

describe('the views pushed to a UI port', () => {
  it('sends every view once when the port opens, then only what an event changed', async () => {
    const { kernel, clock, posted, stop } = feedOnKernel();
    clock.advanceBy(0);
    await settle();
    const first = posted.map((u) => (u.key ? `${u.view}:${u.key}` : u.view)).sort();
    expect(first).toEqual(
      [
        'consensus',
        'costs',
        'depth:SIM:ALPHA',
        'depth:SIM:BRAVO',
        'depth:SIM:CHARLIE',
        'drift',
        'health',
        'journal',
        'memory',
        'metrics',
        'models',
        'news',
        'orders',
        'risk',
        'trading',
      ].sort(),
    );
    expect(posted.every((u) => u.error === undefined)).toBe(true);

    posted.length = 0;
    kernel.start();
    clock.advanceBy(3_000);
    await settle();
    const r = await kernel.services.call('orders.submit', {
      instrumentId: 'SIM:ALPHA',
      side: 'buy',
      type: 'market',
      quantity: 10,
      timeInForce: 'ioc',
    });
    expect(r.ok).toBe(true);
    // The orders view within its 100 ms, the risk view (the new position) within its second.
    for (let i = 0; i < 12; i++) {
      clock.advanceBy(100);
      await settle();
    }
    const orders = posted.filter((u) => u.view === 'orders').at(-1)!.data as { fills: { clientOrderId: string }[] };
    expect(new Set(orders.fills.map((f) => f.clientOrderId))).toEqual(
      new Set([(r as { result: { clientOrderId: string } }).result.clientOrderId]),
    );
    expect(posted.some((u) => u.view === 'risk')).toBe(true);
    stop();
  });

  it('reads a busy view at most once per its interval and sends it only when it changed', async () => {
    const { kernel, clock, feed, posted, stop } = feedOnKernel();
    clock.advanceBy(0);
    await settle();
    posted.length = 0;
    // Nothing changed: a view marked again is read but not sent.
    feed.mark('models');
    clock.advanceBy(1_000);
    await settle();
    expect(posted.filter((u) => u.view === 'models')).toEqual([]);
    // With a position, ten seconds of bars (three instruments a second) move the risk view (marks); it is sent at most once a second.
    kernel.start();
    clock.advanceBy(3_000);
    const buy = { instrumentId: 'SIM:ALPHA', side: 'buy', type: 'market', quantity: 50, timeInForce: 'ioc' };
    expect((await kernel.services.call('orders.submit', buy)).ok).toBe(true);
    await settle();
    posted.length = 0;
    for (let i = 0; i < 100; i++) {
      clock.advanceBy(100);
      await settle();
    }
    const risk = posted.filter((u) => u.view === 'risk').length;
    expect(risk).toBeGreaterThan(3);
    expect(risk).toBeLessThanOrEqual(11);
    stop();
  });

  it('keeps sending the other views while one cannot be read (the inference process hangs)', async () => {
    const clock = new TestClock(0);
    const posted: ViewUpdate[] = [];
    let answer = 0;
    const feed = new ViewFeed({
      services: {
        has: () => true,
        local: (name) => (name === 'models.list' ? new Promise(() => {}) : Promise.reject(new Error(`answer ${++answer}`))),
      },
      clock,
      instruments: () => ['SIM:ALPHA'],
      post: (u) => posted.push(u),
    });
    clock.advanceBy(0);
    await settle();
    expect(posted.some((u) => u.view === 'models')).toBe(false);
    for (let i = 1; i <= 3; i++) {
      feed.mark('trading');
      clock.advanceBy(10);
      await settle();
      expect(posted.filter((u) => u.view === 'trading')).toHaveLength(i + 1);
    }
    feed.stop();
  });

  it('sends a view it cannot read as an error that says why', async () => {
    const clock = new TestClock(0);
    const posted: ViewUpdate[] = [];
    const feed = new ViewFeed({
      services: { has: () => true, local: () => Promise.reject(new Error('the engine is busy')) },
      clock,
      instruments: () => ['SIM:ALPHA'],
      post: (u) => posted.push(u),
    });
    clock.advanceBy(0);
    await settle();
    expect(posted.find((u) => u.view === 'risk')).toEqual({ view: 'risk', error: 'the engine is busy' });
    expect(posted.find((u) => u.view === 'depth')).toEqual({ view: 'depth', key: 'SIM:ALPHA', error: 'the engine is busy' });
    feed.stop();
  });
});
