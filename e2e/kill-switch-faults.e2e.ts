import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.ts';
import { removeDir, startServe, until, type ServeProcess } from './serve-process.ts';
import { WsClient } from './ws-client.ts';

// The kill switch under faults (issue 15, items 1 and 2): a halt must hold whatever the engine's
// state — starting after a crash, hung, or not running at all — and the CLI says only what an engine
// confirmed.

let serve: ServeProcess;
let client: WsClient;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

/** The trading state, once the current engine answers. */
const tradingState = () => client.whenUp(() => client.api.trading.getState({}));

async function running(): Promise<{ pid: number; generation: number }> {
  const e = await until(() => (client.engine()?.state === 'running' ? client.engine() : null), 'a running engine', 30_000);
  return { pid: e.pid!, generation: e.generation };
}

describe('the kill switch while the engine starts, hangs, or is not running', () => {
  it('holds when pressed 0.5 s after the engine was killed (5 trials; 4 of 5 had come up ACTIVE)', async () => {
    for (let trial = 0; trial < 5; trial++) {
      const before = await running();
      await client.api.trading.resume({ reason: `trial ${trial}` });
      expect((await tradingState()).state).toBe('ACTIVE');
      process.kill(before.pid, 'SIGKILL');
      await sleep(500);
      const r = runCli(['halt', '--data', serve.dataDir, '--reason', `trial ${trial}`]);
      expect(r.stdout, r.stderr).toMatch(/^HALTED \((confirmed|acknowledged) in \d+ ms\)/);
      expect(r.code).toBe(0);
      await until(() => (client.engine()?.generation ?? 0) > before.generation && client.engine()?.state === 'running', 'restart');
      expect(await tradingState()).toMatchObject({ state: 'HALTED', reason: expect.stringContaining(`trial ${trial}`) });
      // Nothing later undoes it, and the confirmed halt is no longer pending in the profile.
      await sleep(1_500);
      expect((await tradingState()).state).toBe('HALTED');
      expect(existsSync(join(serve.dataDir, 'halt-request.json'))).toBe(false);
    }
  });

  it('halts and flattens an engine hung for 4 s (SIGSTOP): the flatten is no longer dropped', async () => {
    await running();
    await client.api.trading.resume({ reason: 'flatten test' });
    await until(async () => (await client.api.market.trades({ instrumentId: 'SIM:ALPHA', limit: 1 })).length > 0, 'a first trade');
    await client.api.orders.submit({ instrumentId: 'SIM:ALPHA', side: 'buy', type: 'market', quantity: 10, timeInForce: 'ioc' });
    const position = async () =>
      (await client.api.portfolio.snapshot({})).positions.find((p) => p.instrumentId === 'SIM:ALPHA')?.quantity ?? 0;
    await until(async () => (await position()) > 0, 'a long position');
    const hung = await running();
    process.kill(hung.pid, 'SIGSTOP');
    await sleep(4_000);
    const r = runCli(['halt', '--flatten', '--data', serve.dataDir]);
    // After 4 s the heartbeat has usually killed it already: then the halt waits for its successor.
    expect(r.stdout, r.stderr).toMatch(
      /^HALTED \(confirmed in \d+ ms\): the engine (did not answer|was starting).*1 position\(s\) being flattened/,
    );
    expect(r.code).toBe(0);
    expect((await tradingState()).state).toBe('HALTED');
    await until(async () => (await position()) === 0, 'flat after the restart', 30_000);
    const journal = await client.api.audit.recent({ limit: 200 });
    const halt = journal.find((j) => j.type === 'HaltTrading');
    expect(JSON.parse(halt!.payload)).toMatchObject({ flatten: true });
    expect(runCli(['audit', 'verify', '--data', serve.dataDir]).code).toBe(0);
  });

  it('with no server running, keeps the halt in the profile; the next engine starts HALTED', async () => {
    await client.api.trading.resume({ reason: 'before stopping' });
    client.close();
    expect(await serve.stop()).toBe(0);
    const r = runCli(['halt', '--data', serve.dataDir, '--reason', 'pressed while stopped']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^NOT CONFIRMED: no quorum serve runs on .*starts HALTED/);
    expect(existsSync(join(serve.dataDir, 'halt-request.json'))).toBe(true);
    serve = await startServe([], { dataDir: serve.dataDir });
    client = await WsClient.open(serve);
    await running();
    expect(await tradingState()).toMatchObject({ state: 'HALTED', reason: 'pressed while stopped' });
    await until(() => !existsSync(join(serve.dataDir, 'halt-request.json')), 'the confirmed halt cleared');
  });

  it('refuses a folder that holds no profile', () => {
    const r = runCli(['halt', '--data', `${serve.dataDir}-nowhere`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no Quorum profile in');
  });
});
