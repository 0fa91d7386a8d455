import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, startWorkerProcess, stopProcess, type RedisServer, type WorkerProcess } from '../redis-server.ts';
import { runCli, runCliAsync } from '../run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'quorum-worker-cli-'));
const SP500 = new URL('../../../resources/data/sp500-2000.csv', import.meta.url).pathname;
const GRID = ['--grid', 'optimizer.targetVolatility=0.05,0.1,0.15,0.2'];

const until = (check: () => boolean) =>
  new Promise<void>((resolve) => {
    const tick = () => (check() ? resolve() : setTimeout(tick, 10));
    tick();
  });

const withoutRunId = (stdout: string) => {
  const { runId: _, ...rest } = JSON.parse(stdout) as { runId: number };
  return rest;
};

let redis: RedisServer;
let a: WorkerProcess;
let b: WorkerProcess;

beforeAll(async () => {
  redis = await startRedisServer();
  const start = (name: string) => startWorkerProcess(redis.url, ['--cache', join(dir, `cache-${name}`), '--lock-seconds', '2']);
  [a, b] = await Promise.all([start('a'), start('b')]);
});

afterAll(async () => {
  await Promise.all([a, b].filter(Boolean).map((w) => stopProcess(w.child)));
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('quorum sweep --queue and quorum worker (BullMQ on a real redis-server)', () => {
  it('runs a sweep on two workers; a worker killed mid-job has its job run by the other, and each result is stored once', async () => {
    const sweep = runCliAsync(['sweep', '--input', SP500, ...GRID, '--queue', redis.url, '--data', dir, '--json']);
    await until(() => /job \S+ started/.test(a.output()));
    const killed = /job (\S+) started/.exec(a.output())![1]!;
    process.kill(a.pid, 'SIGKILL');
    const r = await sweep;
    expect(r.code, r.stderr).toBe(0);
    // The other worker ran it again, and finished it.
    expect(b.output()).toContain(`job ${killed} started (again: its last worker was lost)`);
    expect(b.output()).toContain(`job ${killed} done`);
    // The submitter says so too, naming the job as it does in the grid (the queue's id ends with it).
    const named = /job (\S+) is running again: the worker that had it was lost/.exec(r.stderr);
    expect(named, r.stderr).not.toBeNull();
    expect(killed.endsWith(`-${named![1]}`)).toBe(true);
    // The dataset went to the worker once, by its hash.
    expect(b.output().match(/fetched sp500-2000\.csv \([0-9a-f]{12}…, 415,968 bytes\)/g)).toHaveLength(1);
    // The same figures as the same sweep on this machine's worker threads.
    const local = runCli(['sweep', '--input', SP500, ...GRID, '--workers', '2', '--data', dir, '--json']);
    expect(local.code, local.stderr).toBe(0);
    expect(withoutRunId(r.stdout)).toEqual(withoutRunId(local.stdout));
    // Stored once: four results, progress 4/4 with nothing failed.
    const runId = (JSON.parse(r.stdout) as { runId: number }).runId;
    const stored = JSON.parse(runCli(['runs', 'compare', String(runId), '--data', dir, '--json']).stdout);
    expect(stored[0].results).toHaveLength(4);
    expect(stored[0]).toMatchObject({ status: 'done', done: 4, failed: 0, total: 4 });
  }, 60_000);

  it('runs a walk-forward as flows (each test window after its train window) with the same results as locally', async () => {
    const args = [
      'sweep',
      '--input',
      SP500,
      '--walk-forward',
      '2500,1000',
      '--grid',
      'optimizer.targetVolatility=0.05,0.1',
      '--keep-decisions',
      '--data',
      dir,
    ];
    const queued = await runCliAsync([...args, '--queue', redis.url, '--json']);
    expect(queued.code, queued.stderr).toBe(0);
    const local = runCli([...args, '--json']);
    expect(withoutRunId(queued.stdout)).toEqual(withoutRunId(local.stdout));
    // The kept journals came back from the workers (parked in Redis, then collected) as they were chained.
    const exported = (stdout: string) => {
      const file = join(dir, `decisions-${(JSON.parse(stdout) as { runId: number }).runId}.jsonl`);
      const r = runCli(['runs', 'show', String((JSON.parse(stdout) as { runId: number }).runId), '--decisions', file, '--data', dir]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/decisions of run \d+ \(6 journals, each chain verified\)/);
      return readFileSync(file, 'utf8');
    };
    const fromQueue = exported(queued.stdout);
    expect(fromQueue.split('\n').length).toBeGreaterThan(1_000);
    expect(fromQueue).toBe(exported(local.stdout));
    const out = b.output();
    for (const w of [0, 1, 2]) expect(out.indexOf(`p0-w${w}-train done`)).toBeLessThan(out.indexOf(`p0-w${w}-test started`));
  }, 60_000);

  it('says what failed: a train window that fails skips its test window; a bad or unreachable queue is said', async () => {
    writeFileSync(join(dir, 'bad.onnx'), 'not a model');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ models: [{ file: join(dir, 'bad.onnx') }] }));
    const failed = await runCliAsync([
      'sweep',
      '--input',
      SP500,
      '--config',
      join(dir, 'bad.json'),
      '--walk-forward',
      '2500,1000',
      '--queue',
      redis.url,
      '--data',
      dir,
      '--json',
    ]);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).points[0].error).toBe('skipped: p0-w0-train failed');
    // The worker names the submitter's file, not its cached copy.
    expect(b.output()).toContain(`${join(dir, 'bad.onnx')}: not a valid ONNX`);
    const unreachable = runCli(['sweep', '--input', SP500, '--queue', 'redis://127.0.0.1:1', '--data', dir]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(runCli(['sweep', '--input', SP500, '--queue', 'http://x', '--data', dir]).stderr).toMatch(/expected redis:\/\/HOST:PORT/);
    expect(runCli(['sweep', '--input', SP500, '--queue', redis.url, '--workers', '2', '--data', dir]).stderr).toMatch(
      /--workers is for a sweep on this machine/,
    );
    expect(runCli(['worker', '--queue', 'redis://127.0.0.1:1']).stderr).toMatch(/cannot reach Redis/);
  }, 60_000);
});
