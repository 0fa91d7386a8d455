import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.ts';
import { removeDir, startServe, until, type ServeProcess } from './serve-process.ts';
import { WsClient } from './ws-client.ts';

let serve: ServeProcess;
let client: WsClient;

beforeAll(async () => {
  serve = await startServe();
  client = await WsClient.open(serve);
  await until(() => client.engine()?.state === 'running', 'engine running');
});

afterAll(async () => {
  client?.close();
  expect(await serve.stop()).toBe(0);
  removeDir(serve.dataDir);
});

/** Rests `n` bids a few percent under the market and waits until the venue holds them. */
async function restBids(n: number): Promise<string[]> {
  // The risk manager needs a last price (a trade), not only a book, before it lets an order through.
  await until(async () => (await client.api.market.trades({ instrumentId: 'SIM:ALPHA', limit: 1 })).length > 0, 'a first trade');
  const depth = await until(async () => {
    const d = await client.api.market.depth({ instrumentId: 'SIM:ALPHA', levels: 5 });
    return d.bids.length ? d : null;
  }, 'a book with bids');
  const price = Math.round(depth.bids[0]!.price * 97) / 100;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await client.api.orders.submit({
      instrumentId: 'SIM:ALPHA',
      side: 'buy',
      type: 'limit',
      quantity: 10,
      limitPrice: price,
      timeInForce: 'gtc',
    });
    ids.push(r.clientOrderId);
  }
  await until(async () => {
    const denied = client.messages.filter((m) => m.event?.type === 'OrderDenied' && ids.includes(m.event.clientOrderId ?? ''));
    if (denied.length) throw new Error(`orders denied: ${JSON.stringify(denied.map((m) => m.event))}`);
    return (await client.api.orders.open({})).length === n;
  }, `${n} resting orders`);
  return ids;
}

describe('the kill switch from the command line', () => {
  it('quorum halt halts a live engine and cancels every open order', async () => {
    await restBids(5);
    const r = runCli(['halt', '--data', serve.dataDir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^HALTED \(acknowledged in \d+ ms\): 5 open order\(s\) canceled/);
    await until(async () => (await client.api.orders.open({})).length === 0, 'no open orders');
    expect(await client.api.trading.getState({})).toMatchObject({ state: 'HALTED' });
    // The kill switch checks itself and journals the result.
    await until(
      async () => (await client.api.risk.alerts({ limit: 5 })).some((a) => a.code === 'KILL_SWITCH_DONE'),
      'the kill switch verification',
    );
  });

  it('kills a hung engine (SIGSTOP); the new engine comes up HALTED and closes what the journal shows open', async () => {
    await client.api.trading.resume({ reason: 'test' });
    const ids = await restBids(3);
    const hung = client.engine()!;
    process.kill(hung.pid!, 'SIGSTOP');
    const r = runCli(['halt', '--data', serve.dataDir]);
    expect(r.stdout).toContain('the engine did not answer within the deadline');
    expect(r.code).toBe(0);
    await until(() => client.engine()?.generation === hung.generation + 1 && client.engine()?.state === 'running', 'a new engine', 30_000);
    const state = await until(async () => {
      try {
        return await client.api.trading.getState({});
      } catch {
        return null;
      }
    }, 'the new engine answering');
    expect(state.state).toBe('HALTED');
    expect(state.reason).toContain('did not answer the kill switch');
    expect(await client.api.orders.open({})).toEqual([]);
    const journal = await client.api.audit.recent({ limit: 50 });
    const canceled = journal
      .filter((j) => j.type === 'OrderCanceled')
      .map((j) => JSON.parse(j.payload) as { clientOrderId: string; reason: string });
    for (const id of ids) expect(canceled.find((c) => c.clientOrderId === id)?.reason).toContain('the engine restarted');
    const verify = runCli(['audit', 'verify', '--data', serve.dataDir]);
    expect(verify.code).toBe(0);
  });
});

describe('kill -9 of the engine in the middle of an algorithm', () => {
  it('restarts without sending any order twice, and positions agree with the journal', async () => {
    await client.api.trading.resume({ reason: 'test' });
    const before = client.engine()!;
    const { parentId } = await client.api.execution.start({
      instrumentId: 'SIM:ALPHA',
      side: 'buy',
      quantity: 2_000,
      algo: 'twap',
      durationMs: 20_000,
      slices: 20,
    });
    await until(
      async () => (await client.api.execution.parents({})).find((p) => p.parentId === parentId)!.childrenSent >= 4,
      'a few children sent',
    );
    process.kill(before.pid!, 'SIGKILL');
    await until(
      () => client.engine()?.generation === before.generation + 1 && client.engine()?.state === 'running',
      'the restarted engine',
      30_000,
    );
    await new Promise((r) => setTimeout(r, 3_000));
    const journal = await until(async () => {
      try {
        return await client.api.audit.recent({ limit: 1000 });
      } catch {
        return null;
      }
    }, 'the journal');
    const ids = journal
      .filter((j) => j.type === 'SubmitOrder')
      .map((j) => (JSON.parse(j.payload) as { order: { clientOrderId: string } }).order.clientOrderId);
    expect(new Set(ids).size).toBe(ids.length);
    const restart = Math.max(...journal.filter((j) => j.type === 'SessionStarted').map((j) => j.seq));
    expect(journal.filter((j) => j.seq > restart && j.type === 'SubmitOrder')).toEqual([]);
    const fills = journal
      .filter((j) => j.type === 'OrderFilled')
      .map((j) => (JSON.parse(j.payload) as { fill: { instrumentId: string; side: string; quantity: number } }).fill);
    const fromJournal = fills
      .filter((f) => f.instrumentId === 'SIM:ALPHA')
      .reduce((q, f) => q + (f.side === 'buy' ? f.quantity : -f.quantity), 0);
    const snapshot = await client.api.portfolio.snapshot({});
    expect(snapshot.positions.find((p) => p.instrumentId === 'SIM:ALPHA')?.quantity ?? 0).toBe(fromJournal);
    const parents = await client.api.execution.parents({});
    expect(parents.find((p) => p.parentId === parentId)?.status).toBe('interrupted');
  });
});
