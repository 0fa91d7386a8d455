import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../src/cli/run-cli.ts';
import { removeDir, startServe, until, type ServeProcess } from './serve-process.ts';
import { WsClient } from './ws-client.ts';

// `quorum serve --metrics-port 0`: Prometheus text and a health check on 127.0.0.1, across an engine crash.
let serve: ServeProcess;
let client: WsClient;
let base: string;
beforeAll(async () => {
  // One restart allowed a minute: a second crash within it and the host gives up (the last test).
  serve = await startServe(['--metrics-port', '0', '--max-restarts', '1']);
  base = await until(() => /metrics: (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(serve.output())?.[1], 'the metrics address');
  client = await WsClient.open(serve);
});
afterAll(async () => {
  client?.close();
  expect(await serve.stop()).toBe(0);
  removeDir(serve.dataDir);
});

const scrape = async () => (await fetch(`${base}/metrics`)).text();
/** A sample's value in Prometheus text, or null if the sample is absent. */
const sample = (text: string, name: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : null;
};

describe('the metrics endpoint of quorum serve', () => {
  it('counts bars, decisions and journal appends, with latency histograms and the event-loop lag', async () => {
    const text = await until(
      async () => {
        const t = await scrape();
        return (sample(t, 'quorum_decision_latency_seconds_count') ?? 0) > 0 ? t : null;
      },
      'a decision counted',
      60_000,
    );
    expect(sample(text, 'quorum_bars_total{instrument="SIM:ALPHA"}')).toBeGreaterThan(0);
    expect(sample(text, 'quorum_journal_append_seconds_count')).toBeGreaterThan(0);
    expect(sample(text, 'quorum_engine_nodejs_eventloop_lag_seconds')).not.toBeNull();
    expect(sample(text, 'quorum_trading_state{state="ACTIVE"}')).toBe(1);
    expect(sample(text, 'quorum_process_up{process="engine"}')).toBe(1);
    expect(text).toContain('# TYPE quorum_decision_latency_seconds histogram');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('says unhealthy while the engine is down and counts its restart once it is back', async () => {
    const engine = client.engine()!;
    process.kill(engine.pid!, 'SIGKILL');
    await until(async () => (await fetch(`${base}/healthz`)).status === 503, 'unhealthy', 10_000);
    await until(async () => (await fetch(`${base}/healthz`)).status === 200, 'healthy again', 30_000);
    expect(sample(await scrape(), 'quorum_process_restarts{process="engine"}')).toBe(1);
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });
});

describe('quorum status', () => {
  it('reports the running profile: mode, trading state, processes and their restarts, last bars, journal head', async () => {
    const r = await runCliAsync(['status', '--data', serve.dataDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ running: true, mode: 'paper', venueMode: 'sim', trading: { state: 'ACTIVE' }, openOrders: [] });
    // The engine was killed once above: the host counts it.
    expect(s.processes.find((p: { name: string }) => p.name === 'engine')).toMatchObject({ state: 'running', restarts: 1 });
    expect(s.journalSeq).toBeGreaterThan(0);
    expect(s.lastBars.map((b: { instrumentId: string }) => b.instrumentId)).toEqual(['SIM:ALPHA', 'SIM:BRAVO', 'SIM:CHARLIE']);
    expect(s.lastBars.every((b: { ageMs: number }) => b.ageMs >= 0 && b.ageMs < 60_000)).toBe(true);
    const text = await runCliAsync(['status', '--data', serve.dataDir]);
    expect(text.stdout).toMatch(/^trading {4}ACTIVE — /m);
    expect(text.stdout).toMatch(/^processes {2}engine running \(pid \d+\), 1 restart; inference running/m);
  });

  it('says no server runs on a folder without one, exit 1', async () => {
    const r = await runCliAsync(['status', '--data', `${serve.dataDir}-none`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^no quorum serve runs on .*-none: nothing to report/);
  });
});

describe('the execution provider the trader chose', () => {
  it('is kept in the profile (journaled) and applied again when the inference process restarts', async () => {
    const list = () => client.api.models.list({});
    await until(
      async () => (await list()).inference === 'connected' && (await list()).loaded.length > 0,
      'the default model loaded',
      30_000,
    );
    expect((await list()).providerSetting).toBe('auto');
    await client.api.models.setProvider({ setting: 'cpu' });
    expect((await list()).providerSetting).toBe('cpu');
    const before = client.process('inference')!;
    process.kill(before.pid!, 'SIGKILL');
    await until(() => (client.process('inference')?.generation ?? 0) > before.generation, 'a new inference process', 30_000);
    await until(
      async () => {
        const l = await list();
        return l.inference === 'connected' && l.loaded.length > 0 ? l : null;
      },
      'the models loaded again',
      30_000,
    );
    expect((await list()).providerSetting).toBe('cpu');
    const recent = await client.api.audit.recent({ limit: 500 });
    expect(recent.filter((r) => r.type === 'ExecutionProviderChanged').map((r) => JSON.parse(r.payload).setting)).toEqual(['cpu']);
  });
});

describe('the processes restarted by the host', () => {
  it('are alerted and journaled: the engine (with why the one before ended) and the inference process', async () => {
    const alerts = await client.api.risk.alerts({ limit: 200 });
    const byCode = (code: string) => alerts.filter((a) => a.code === code).map((a) => [a.severity, a.message]);
    // The engine was SIGKILLed once above, the inference process once.
    expect(byCode('ENGINE_RESTARTED')).toEqual([
      ['warning', expect.stringMatching(/^The engine was restarted by its host after: .*SIGKILL/)],
    ]);
    expect(byCode('INFERENCE_RESTARTED')).toEqual([['warning', expect.stringMatching(/^The inference process restarted/)]]);
  });
});

describe('a process the host gives up on', () => {
  it('is a critical alert journaled by the engine, naming why', async () => {
    // Crash inference until the host stops restarting it (one restart a minute is allowed here).
    for (let kills = 0; ; kills++) {
      expect(kills, 'the host kept restarting inference').toBeLessThan(3);
      const running = await until(
        () => {
          const p = client.process('inference');
          return p?.state === 'running' ? p : null;
        },
        'inference running',
        30_000,
      );
      process.kill(running.pid!, 'SIGKILL');
      const after = await until(
        () => {
          const p = client.process('inference');
          return p && (p.state === 'failed' || p.generation > running.generation) ? p : null;
        },
        'inference restarted or given up on',
        30_000,
      );
      if (after.state === 'failed') break;
    }
    const alert = await until(
      async () => (await client.api.risk.alerts({ limit: 200 })).find((a) => a.code === 'PROCESS_GAVE_UP'),
      'the give-up alert',
      10_000,
    );
    expect(alert).toMatchObject({ severity: 'critical' });
    expect(alert.message).toMatch(
      /^The host gave up on the inference process: killed by SIGKILL; gave up after 1 restarts in 60 s, trying again in 60 s\. The models' votes are missing until it is back$/,
    );
  });
});
