import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.ts';
import { removeDir, startServe, until, type ServeProcess } from './serve-process.ts';
import { WsClient } from './ws-client.ts';
import { promtoolProblems } from './promtool.ts';

const SP500 = fileURLToPath(new URL('../resources/data/sp500-2000.csv', import.meta.url));
let serve: ServeProcess | undefined;

afterAll(() => {
  if (serve) removeDir(serve.dataDir);
});

describe('quorum replay of a recorded paper session', () => {
  it('runs the session again from its journal and bars and finds no decision that differs', async () => {
    // A real paper session: the engine and the inference process (the default model votes) under
    // `quorum serve`, replaying the S&P 500 at 25 bars a second, stopped after some decisions.
    serve = await startServe(['--replay', SP500, '--replay-speed', '2160000', '--metrics-port', '0']);
    const metricsAt = await until(() => /metrics: (http:\/\/\S+\/metrics)/.exec(serve!.output())?.[1], 'the metrics address');
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
    const before = await (await fetch(metricsAt)).text();
    await new Promise((r) => setTimeout(r, 3_000));
    const after = await (await fetch(metricsAt)).text();
    ws.close();
    expect(await serve.stop()).toBe(0);

    const r = runCli(['replay', '--session', info.sessionId, '--data', serve.dataDir, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.compared).toBeGreaterThan(20);
    expect(report.differences).toEqual([]);
    expect(report.unmatched).toBe(0);

    // The metrics endpoint during the replay: Prometheus's own parser reads it, and the counters moved.
    for (const text of [before, after])
      // prom-client's default Node metrics name three gauges `_total`: the only problems promtool finds.
      expect(promtoolProblems(text).filter((p) => !/^quorum_engine_nodejs_active_\w+_total non-counter metrics/.test(p))).toEqual([]);
    const count = (text: string, sample: string) => Number(new RegExp(`^${sample} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    const bars = 'quorum_bars_total\\{instrument="REPLAY:SP500-2000"\\}';
    expect(count(before, bars)).toBeGreaterThan(0);
    expect(count(after, bars)).toBeGreaterThan(count(before, bars));
    const decisions = (text: string) =>
      ['buy', 'sell', 'hold'].reduce((n, a) => n + count(text, `quorum_decisions_total\\{action="${a}"\\}`), 0);
    expect(decisions(after)).toBeGreaterThan(decisions(before));

    const unknown = runCli(['replay', '--session', 'no-such-session', '--data', serve.dataDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no session no-such-session in this journal; sessions: paper-/);
  });
});
