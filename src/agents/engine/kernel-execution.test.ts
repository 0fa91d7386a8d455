import { registerServices } from '../services/register-services.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import { Store } from '../store/store.ts';
import { tempDir } from '../store/store-fixtures.ts';
import type { TestClock } from './clock.ts';
import { Kernel } from './kernel.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);
let n = 0;

function paperKernel(file = tmp.file(`x${n++}.sqlite`)) {
  const store = Store.open(file);
  const kernel = new Kernel({
    mode: 'backtest',
    store,
    seed: 4,
    log: silentLogger,
    barIntervalMs: 1_000,
    startMs: 1_700_000_000_000,
    checkpointEveryMs: 3_000,
    // The trader's own orders and algorithms, as in a paper session where the agents do not trade.
    agentsTrade: false,
  });
  registerServices(kernel);
  const events: EngineEvent[] = [];
  kernel.bus.subscribe<EngineEvent>('*', (e) => events.push(e));
  return { kernel, store, clock: kernel.clock as TestClock, events, file };
}

const twap = { instrumentId: 'SIM:ALPHA', side: 'buy', quantity: 1_000, algo: 'twap', durationMs: 20_000, slices: 10 };

describe('the execution agent on the simulated market', () => {
  it('previews a TWAP, then works it child by child through risk to completion, measuring slippage', async () => {
    const { kernel, store, clock, events } = paperKernel();
    kernel.start();
    clock.advanceBy(5_000);
    const preview = (await kernel.services.call('execution.preview', twap)) as { ok: true; result: { schedule: { quantity: number }[] } };
    expect(preview.result.schedule.map((s) => s.quantity)).toEqual(Array(10).fill(100));
    const started = (await kernel.services.call('execution.start', twap)) as { ok: true; result: { parentId: string } };
    const parentId = started.result.parentId;
    clock.advanceBy(25_000);
    const done = events.find((e) => e.type === 'AlgoCompleted' && e.parentId === parentId);
    expect(done).toMatchObject({ status: 'filled', filledQuantity: 1_000 });
    const d = done as Extract<EngineEvent, { type: 'AlgoCompleted' }>;
    expect(d.slippageBps).not.toBeNull();
    expect(Math.abs(d.slippageBps!)).toBeLessThan(200);
    const children = store.db
      .prepare('SELECT client_order_id FROM orders WHERE client_order_id LIKE ? ORDER BY seq')
      .pluck()
      .all(`${parentId}-%`);
    expect(children).toEqual(Array.from({ length: 10 }, (_, i) => `${parentId}-${i + 1}`));
    expect((await kernel.services.call('portfolio.snapshot', {})) as object).toMatchObject({
      ok: true,
      result: { positions: [{ instrumentId: 'SIM:ALPHA', quantity: 1_000 }] },
    });
    kernel.stop();
    store.close();
  });

  it('traces any fill back through its order, the risk checks and its algorithm (the decision card)', async () => {
    const { kernel, store, clock } = paperKernel();
    kernel.start();
    clock.advanceBy(5_000);
    const { result } = (await kernel.services.call('execution.start', { ...twap, quantity: 200, slices: 2 })) as {
      ok: true;
      result: { parentId: string };
    };
    clock.advanceBy(25_000);
    const fillId = store.db.prepare('SELECT fill_id FROM fills ORDER BY seq LIMIT 1').pluck().get() as string;
    const trace = (await kernel.services.call('trace.fill', { fillId })) as {
      ok: true;
      result: { parentId: string; clientOrderId: string; steps: { type: string; summary: string }[] };
    };
    expect(trace.result.parentId).toBe(result.parentId);
    expect(trace.result.clientOrderId).toBe(`${result.parentId}-1`);
    const types = trace.result.steps.map((s) => s.type);
    expect(types.slice(0, 5)).toEqual(['AlgoStarted', 'SubmitOrder', 'OrderApproved', 'OrderSubmitted', 'OrderAccepted']);
    expect(types).toContain('OrderFilled');
    expect(types.at(-1)).toBe('AlgoCompleted');
    expect(trace.result.steps.find((s) => s.type === 'OrderApproved')!.summary).toMatch(
      /^all 13 pre-trade checks passed at a last price of \d+(\.\d+)?$/,
    );
    const denied = (await kernel.services.call('orders.submit', {
      instrumentId: 'SIM:ALPHA',
      side: 'buy',
      type: 'market',
      quantity: 50_000,
      timeInForce: 'ioc',
    })) as { ok: true; result: { clientOrderId: string } };
    const card = (await kernel.services.call('trace.order', denied.result)) as {
      ok: true;
      result: { steps: { type: string; summary: string }[] };
    };
    expect(card.result.steps.map((s) => s.summary)).toEqual([
      'buy 50000 SIM:ALPHA market requested',
      'denied by the order quantity check: MAX_ORDER_QUANTITY',
    ]);
    expect(await kernel.services.call('trace.order', { clientOrderId: 'nope' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('the journal has no order nope') },
    });
    kernel.stop();
    store.close();
  });

  it('cancels a working algorithm when trading halts', async () => {
    const { kernel, store, clock, events } = paperKernel();
    kernel.start();
    clock.advanceBy(5_000);
    const { result } = (await kernel.services.call('execution.start', twap)) as { ok: true; result: { parentId: string } };
    clock.advanceBy(5_000);
    await kernel.services.call('trading.halt', { reason: 'test' });
    clock.advanceBy(20_000);
    const done = events.filter((e) => e.type === 'AlgoCompleted' && e.parentId === result.parentId);
    expect(done).toMatchObject([{ status: 'canceled', reason: 'trading halted: test' }]);
    expect((done[0] as { filledQuantity: number }).filledQuantity).toBeLessThan(1_000);
    kernel.stop();
    store.close();
  });

  it('after a kill -9 mid-algorithm: no order is sent twice, it is not resumed, and positions agree with the journal', async () => {
    const first = paperKernel();
    first.kernel.start();
    first.clock.advanceBy(5_000);
    const { result } = (await first.kernel.services.call('execution.start', twap)) as { ok: true; result: { parentId: string } };
    first.clock.advanceBy(7_500);
    // The process dies: no stop(), no final checkpoint; only what was committed survives.
    first.store.close();

    const second = paperKernel(first.file);
    second.kernel.start();
    second.clock.advanceBy(30_000);
    const submits = [...second.store.journal.rows()]
      .filter((r) => r.type === 'SubmitOrder')
      .map((r) => (JSON.parse(r.payload) as { order: { clientOrderId: string } }).order.clientOrderId);
    expect(new Set(submits).size).toBe(submits.length);
    const children = submits.filter((id) => id.startsWith(`${result.parentId}-`));
    expect(children.length).toBeGreaterThan(0);
    expect(children.length).toBeLessThan(10);
    // Nothing was sent after the restart: no SubmitOrder follows the second SessionStarted.
    const rows = [...second.store.journal.rows()];
    const restartSeq = rows.filter((r) => r.type === 'SessionStarted').at(-1)!.seq;
    expect(rows.filter((r) => r.seq > restartSeq && r.type === 'SubmitOrder')).toEqual([]);
    expect(second.events.find((e) => e.type === 'AlgoCompleted')).toMatchObject({ parentId: result.parentId, status: 'interrupted' });
    // Positions projected from fills equal the sum of the journaled fills.
    const fills = [...second.store.journal.rows()]
      .filter((r) => r.type === 'OrderFilled')
      .map((r) => (JSON.parse(r.payload) as { fill: { side: string; quantity: number } }).fill);
    const fromJournal = fills.reduce((q, f) => q + (f.side === 'buy' ? f.quantity : -f.quantity), 0);
    const projected =
      (
        second.store.db.prepare("SELECT quantity FROM positions WHERE instrument_id = 'SIM:ALPHA'").get() as
          { quantity: number } | undefined
      )?.quantity ?? 0;
    expect(projected).toBe(fromJournal);
    expect(second.kernel.portfolio.holding('SIM:ALPHA').quantity).toBe(fromJournal);
    expect(
      second.store.db.prepare("SELECT count(*) FROM orders WHERE status IN ('submitted', 'accepted', 'partially_filled')").pluck().get(),
    ).toBe(0);
    second.kernel.stop();
    second.store.close();
  });
});
