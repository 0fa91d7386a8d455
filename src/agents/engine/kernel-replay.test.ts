import { registerServices } from '../services/register-services.ts';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { toPrice } from '../../shared/domain/branded.ts';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import { parseBarsCsv } from '../../shared/market-data/bars-csv.ts';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../shared/logger.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import { Store } from '../store/store.ts';
import { tempDir } from '../store/store-fixtures.ts';
import { loadReplay, quotedDecimals } from '../venues/simulated/load-replay.ts';
import type { TestClock } from './clock.ts';
import { Kernel } from './kernel.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);
const SP500 = fileURLToPath(new URL('../../../resources/data/sp500-2000.csv', import.meta.url));

describe('replaying the bundled S&P 500 bars through the kernel', () => {
  it('reads the bundled S&P 500 history: 5,105 daily bars, 2000-01-03 to 2020-04-17', () => {
    const r = parseBarsCsv(readFileSync(SP500, 'utf8'), 'X' as InstrumentId);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.bars).toHaveLength(5105);
    expect(r.value.intervalMs).toBe(86_400_000);
    expect(new Date(r.value.bars[0]!.ts).toISOString()).toBe('2000-01-03T00:00:00.000Z');
    expect(r.value.bars[0]).toMatchObject({ open: 1469.25, high: 1478, low: 1438.359985, close: 1455.219971, volume: 931800000 });
  });

  it('takes the tick from how the prices are quoted, seeing through single-precision noise', () => {
    const bars = (...closes: number[]) => closes.map((c, i) => ({ ts: i, open: c, high: c, low: c, close: c }) as never);
    // 1455.219971 is 1455.22 stored as a float: the S&P 500 file is quoted in cents.
    expect(quotedDecimals(bars(1469.25, 1455.219971, 1438.359985, 1478))).toBe(2);
    expect(quotedDecimals(bars(1.23456, 1.2346, 1.2))).toBe(5);
    expect(quotedDecimals(bars(101, 99, 100))).toBe(0);
    const loaded = loadReplay(SP500, 1);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.spec.kind === 'replay' && loaded.spec.instrument.tickSize).toBe(0.01);
  });

  it('plays bars at the chosen speed, records them, and fills a market order at the next open', async () => {
    const loaded = loadReplay(SP500, 86_400);
    if (!loaded.ok) throw new Error(loaded.error);
    const store = Store.open(tmp.file('replay.sqlite'));
    const kernel = new Kernel({ mode: 'backtest', store, seed: 1, log: silentLogger, barIntervalMs: 1_000, startMs: 0, feed: loaded.spec });
    registerServices(kernel);
    const events: EngineEvent[] = [];
    kernel.bus.subscribe<EngineEvent>('*', (e) => events.push(e));
    kernel.start();
    const clock = kernel.clock as TestClock;
    clock.advanceBy(10_000);
    const id = kernel.market.instruments[0]!.id;
    expect(store.bars.latest(id, 100)).toHaveLength(10);
    await kernel.services.call('orders.submit', { instrumentId: id, side: 'buy', type: 'market', quantity: 1, timeInForce: 'ioc' });
    clock.advanceBy(1_000);
    const eleventh = store.bars.latest(id, 1)[0]!;
    const fill = events.find((e) => e.type === 'OrderFilled');
    // At the open, on the instrument's tick (the file quotes cents; its float noise is not a price).
    expect(fill).toMatchObject({ fill: { price: toPrice(eleventh.open, 0.01), quantity: 1 } });
    expect(eleventh.open).toBe(1465.150024);
    expect(new Date(eleventh.ts).toISOString().slice(0, 10)).toBe('2000-01-18');
    const info = await kernel.services.call('system.info', {});
    expect(info).toMatchObject({ ok: true, result: { feed: 'Replay of sp500-2000.csv (86400×)' } });
    kernel.stop();
    store.close();
  });

  it('says which line of a bad replay file is wrong', () => {
    expect(loadReplay(tmp.file('missing.csv'), 1)).toEqual({ ok: false, error: `no such file: ${tmp.file('missing.csv')}` });
    expect(loadReplay(SP500, 0)).toMatchObject({ ok: false, error: 'the replay speed must be > 0, got 0' });
  });
});
