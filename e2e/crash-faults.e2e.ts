import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.ts';
import { removeDir, startServe, until, type ServeProcess } from './serve-process.ts';
import { WsClient } from './ws-client.ts';

// Issue 15, item 3: the engine SIGKILLed again and again while it trades, most often right after a
// fill. The venue's checkpoint is up to 5 s old at each kill; the journal must win: no fill twice,
// no canceled order filled after the restart, positions in memory equal to SQLite, and an intact chain.

const SP500 = fileURLToPath(new URL('../resources/data/sp500-2000.csv', import.meta.url));
const KILLS = 30;
const INSTRUMENT = 'REPLAY:SP500-2000';
let serve: ServeProcess;
let client: WsClient;

beforeAll(async () => {
  // A bar every 0.8 s (a day of data at 108,000 × its own time); the restart cap lifted for the test.
  serve = await startServe(['--replay', SP500, '--replay-speed', '108000', '--max-restarts', '1000']);
  client = await WsClient.open(serve);
});

afterAll(async () => {
  client?.close();
  expect(await serve.stop()).toBe(0);
  removeDir(serve.dataDir);
});

describe(`${KILLS} engine SIGKILLs while it trades`, () => {
  it('leaves no duplicate fill, no fill of a canceled order, positions equal to the journal, and a chain that verifies', async () => {
    const symbols = await client.whenUp(() => client.api.market.instruments({})).catch(() => [{ id: INSTRUMENT }]);
    const instrumentId = symbols[0]?.id ?? INSTRUMENT;
    const canceledIds: string[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const engine = await until(() => (client.engine()?.state === 'running' ? client.engine() : null), 'a running engine', 30_000);
      // A restarted engine has no price until its next bar (orders are denied, the stale-data breaker
      // restricts an open position): the trader resumes once prices flow again.
      const barsBefore = client.messages.length;
      await until(() => client.messages.slice(barsBefore).some((m) => m.event?.type === 'BarClosed'), 'a bar', 20_000);
      await client.whenUp(() => client.api.trading.resume({ reason: `kill ${kill}` }));
      const side = kill % 3 === 2 ? 'sell' : 'buy';
      const seen = client.messages.length;
      const { clientOrderId } = await client.whenUp(() =>
        client.api.orders.submit({
          instrumentId,
          side,
          type: 'market',
          quantity: 1 + (kill % 4),
          timeInForce: 'day',
        }),
      );
      // A resting order canceled before the kill must stay canceled after it.
      const resting = await client
        .whenUp(() =>
          client.api.orders.submit({ instrumentId, side: 'buy', type: 'limit', quantity: 1, limitPrice: 1, timeInForce: 'gtc' }),
        )
        .catch(() => null);
      if (resting) {
        await client.whenUp(() => client.api.orders.cancel({ clientOrderId: resting.clientOrderId }));
        canceledIds.push(resting.clientOrderId);
      }
      // Most kills land right after the fill; every fifth one while the order still waits for its bar.
      if (kill % 5 !== 4)
        await until(
          () => client.messages.slice(seen).some((m) => m.event?.type === 'OrderFilled' && JSON.stringify(m.event).includes(clientOrderId)),
          'the fill',
          20_000,
        ).catch((err: Error) => {
          const seenSince = client.messages
            .slice(seen)
            .flatMap((m) => (m.event && m.event.type !== 'BarClosed' ? [JSON.stringify(m.event)] : []));
          throw new Error(`${err.message} of ${clientOrderId} (kill ${kill}); events since:\n${seenSince.slice(-12).join('\n')}`);
        });
      process.kill(engine.pid!, 'SIGKILL');
      await until(() => (client.engine()?.generation ?? 0) > engine.generation, 'the restart', 30_000);
    }
    await until(() => client.engine()?.state === 'running', 'the last restart', 30_000);
    await new Promise((r) => setTimeout(r, 4_000));

    const journal: { type: string; payload: string }[] = [];
    const exported = join(serve.dataDir, 'journal.jsonl');
    expect(runCli(['audit', 'export', '--data', serve.dataDir, '--format', 'jsonl', '--out', exported]).code).toBe(0);
    for (const line of readFileSync(exported, 'utf8').split('\n').filter(Boolean)) journal.push(JSON.parse(line));
    const fills = journal
      .filter((j) => j.type === 'OrderFilled')
      .map((j) => (JSON.parse(j.payload) as { fill: { fillId: string; clientOrderId: string; side: string; quantity: number } }).fill);
    expect(fills.length).toBeGreaterThan(KILLS / 2);
    expect(new Set(fills.map((f) => f.fillId)).size).toBe(fills.length);
    const submitted = new Map(
      journal
        .filter((j) => j.type === 'SubmitOrder')
        .map((j) => (JSON.parse(j.payload) as { order: { clientOrderId: string; quantity: number } }).order)
        .map((o) => [o.clientOrderId, o.quantity]),
    );
    const filledPerOrder = new Map<string, number>();
    for (const f of fills) filledPerOrder.set(f.clientOrderId, (filledPerOrder.get(f.clientOrderId) ?? 0) + f.quantity);
    for (const [id, q] of filledPerOrder) expect(q, id).toBeLessThanOrEqual(submitted.get(id) ?? 0);
    for (const id of canceledIds) expect(filledPerOrder.get(id) ?? 0, id).toBe(0);
    const fromJournal = fills.reduce((q, f) => q + (f.side === 'buy' ? f.quantity : -f.quantity), 0);
    const snapshot = await client.whenUp(() => client.api.portfolio.snapshot({}));
    expect(snapshot.positions.find((p) => p.instrumentId === instrumentId)?.quantity ?? 0).toBe(fromJournal);
    const verify = runCli(['audit', 'verify', '--data', serve.dataDir]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  }, 480_000);
});
