import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, startServe, until, type ServeProcess } from './serve-process.ts';
import { WsClient } from './ws-client.ts';

// Issue 15, item 8: a profile used first for a replay, then for the simulated market. The replay's
// position cannot be traded here; it must neither hold the session in REDUCING for good nor leave the
// kill switch saying "act at the venue", and the replay's fills and decisions are not this market's.

const SP500 = fileURLToPath(new URL('../resources/data/sp500-2000.csv', import.meta.url));
let serve: ServeProcess | undefined;
afterAll(() => {
  if (serve) removeDir(serve.dataDir);
});

describe('a replay position in a profile that then runs the simulated market', () => {
  it('is said once, not a stale-data breach, not flattened; fills and decisions shown are this market’s', async () => {
    serve = await startServe(['--replay', SP500, '--replay-speed', '2160000']);
    let client = await WsClient.open(serve);
    await client.whenUp(() => client.api.trading.resume({ reason: 'test' }));
    await until(() => client.messages.some((m) => m.event?.type === 'BarClosed'), 'a replay bar');
    const { clientOrderId } = await client.whenUp(() =>
      client.api.orders.submit({
        instrumentId: 'REPLAY:SP500-2000',
        side: 'buy',
        type: 'market',
        quantity: 3,
        timeInForce: 'day',
      }),
    );
    await until(
      () => client.messages.some((m) => m.event?.type === 'OrderFilled' && JSON.stringify(m.event).includes(clientOrderId)),
      'the fill',
    );
    client.close();
    expect(await serve.stop()).toBe(0);

    serve = await startServe([], { dataDir: serve.dataDir });
    client = await WsClient.open(serve);
    await client.whenUp(() => client.api.trading.resume({ reason: 'the simulated market now' }));
    const alerts = await client.whenUp(() => client.api.risk.alerts({ limit: 20 }));
    expect(alerts.find((a) => a.code === 'POSITIONS_NOT_TRADED_HERE')?.message).toContain('3 REPLAY:SP500-2000');
    // Past the stale-data limit (15 s): still ACTIVE.
    await new Promise((r) => setTimeout(r, 17_000));
    expect(await client.whenUp(() => client.api.trading.getState({}))).toMatchObject({ state: 'ACTIVE' });
    const fills = await client.whenUp(() => client.api.orders.fills({ limit: 100 }));
    expect(fills.filter((f) => f.instrumentId.startsWith('REPLAY:'))).toEqual([]);
    const consensus = await client.whenUp(() => client.api.consensus.snapshot({}));
    expect(consensus.latest.filter((d) => d.instrumentId.startsWith('REPLAY:'))).toEqual([]);
    // The kill switch flattens what it can trade and says it is done.
    const halt = await client.whenUp(() => client.api.trading.halt({ reason: 'test', flatten: true }));
    expect(halt.flattening).toEqual([]);
    await until(
      async () => (await client.whenUp(() => client.api.risk.alerts({ limit: 5 }))).some((a) => a.code === 'KILL_SWITCH_DONE'),
      'the kill switch check',
    );
    client.close();
    expect(await serve.stop()).toBe(0);
  });
});
