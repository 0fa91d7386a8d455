import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.ts';
import { removeDir, startServe, until, type ServeProcess } from './serve-process.ts';
import { WsClient } from './ws-client.ts';

const SP500 = fileURLToPath(new URL('../resources/data/sp500-2000.csv', import.meta.url));
let serve: ServeProcess | undefined;

afterAll(() => {
  if (serve) removeDir(serve.dataDir);
});

describe('quorum replay of a recorded paper session', () => {
  it('runs the session again from its journal and bars and finds no decision that differs', async () => {
    // A real paper session: the engine and the inference process (the default model votes) under
    // `quorum serve`, replaying the S&P 500 at 25 bars a second, stopped after some decisions.
    serve = await startServe(['--replay', SP500, '--replay-speed', '2160000']);
    const ws = await WsClient.open(serve);
    let info = { sessionId: '' };
    await until(async () => {
      info = await ws.api.system.info({}).catch(() => info);
      return info.sessionId !== '';
    }, 'the engine to start');
    await until(
      async () => (await ws.api.consensus.snapshot({}).catch(() => ({ latest: [] }))).latest.some((d) => d.votes.length >= 2),
      'decisions with the model voting',
      40_000,
    );
    await new Promise((r) => setTimeout(r, 3_000));
    ws.close();
    expect(await serve.stop()).toBe(0);

    const r = runCli(['replay', '--session', info.sessionId, '--data', serve.dataDir, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.compared).toBeGreaterThan(20);
    expect(report.differences).toEqual([]);
    expect(report.unmatched).toBe(0);

    const unknown = runCli(['replay', '--session', 'no-such-session', '--data', serve.dataDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no session no-such-session in this journal; sessions: paper-/);
  });
});
