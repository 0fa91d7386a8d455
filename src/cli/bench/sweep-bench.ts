import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BacktestConfigSchema } from '../../agents/backtest/backtest-config.ts';
import { runSweep, type PointResult } from '../../agents/backtest/jobs/run-sweep.ts';
import type { SweepSpec } from '../../agents/backtest/jobs/sweep-plan.ts';
import type { SweepRunner } from '../../agents/backtest/jobs/sweep-runner.ts';
import { RedisSweepRunner } from '../../agents/backtest/queue/redis-sweep-runner.ts';
import { BacktestRuns } from '../../agents/store/backtest-runs.ts';
import type { BacktestTask, BacktestTaskResult } from '../../agents/backtest/jobs/backtest-task.ts';
import { backtestWorkerUrl } from '../../agents/backtest/jobs/sweep-runner.ts';
import { WorkerPool } from '../../agents/backtest/jobs/worker-pool.ts';
import { startRedisServer, startWorkerProcess, stopProcess, type RedisServer, type WorkerProcess } from '../redis-server.ts';

const SP500 = fileURLToPath(new URL('../../../resources/data/sp500-2000.csv', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** 16 grid points: four volatility targets × four rebalancing periods, on the bundled S&P 500. */
const SPEC: SweepSpec = {
  files: [SP500],
  base: BacktestConfigSchema.parse({}),
  grid: { 'optimizer.targetVolatility': [0.05, 0.1, 0.15, 0.2], rebalanceEveryBars: [10, 20, 40, 80] },
};

/** Throughput of `jobs` backtests on a warm pool of `size` threads, in jobs a second. */
async function warmRate(size: number, jobs: number): Promise<number> {
  const pool = new WorkerPool<BacktestTask, BacktestTaskResult>(backtestWorkerUrl(), size);
  const task: BacktestTask = { files: SPEC.files, config: SPEC.base };
  try {
    await Promise.all(Array.from({ length: size }, () => pool.exec(task)));
    const t0 = performance.now();
    await Promise.all(Array.from({ length: jobs }, () => pool.exec(task)));
    return jobs / ((performance.now() - t0) / 1000);
  } finally {
    await pool.close();
  }
}

/** Seconds for `threads` threads to each run the same arithmetic loop (no allocation, no memory traffic). */
async function spin(threads: number): Promise<number> {
  const code = `let x = 0; for (let i = 0; i < 3e8; i++) x = (x + i * 7) % 1000003; require('node:worker_threads').parentPort.postMessage(x);`;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: threads }, () => new Promise((resolve) => new Worker(code, { eval: true }).once('message', resolve))),
  );
  return (performance.now() - t0) / 1000;
}

/**
 * `quorum bench sweep`: the same 16-point sweep on one worker thread, on two, and (where Debian's
 * redis-server is installed) through a Redis queue to two `quorum worker` processes on this machine;
 * wall seconds, medians of `runs`, and whether every way gave the same figures.
 */
export async function runSweepBench(runs: number, onStep: (what: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-bench-sweep-'));
  const store = BacktestRuns.open(join(dir, 'backtests.sqlite'));
  const figures = new Map<string, string>();
  const timed = async (what: string, options: { workers: number; runner?: SweepRunner }) => {
    const seconds: number[] = [];
    const cores: number[] = [];
    for (let r = 0; r < runs; r++) {
      onStep(`${what}, run ${r + 1} of ${runs}`);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const { points } = await runSweep(SPEC, { ...options, runs: store, label: what, now: () => Date.now() });
      const cpu = process.cpuUsage(cpu0);
      seconds.push((performance.now() - t0) / 1000);
      cores.push((cpu.user + cpu.system) / 1e6 / seconds.at(-1)!);
      figures.set(what, JSON.stringify(points.map((p: PointResult) => [p.params, p.metrics])));
    }
    // This process's CPU time over the wall time (its worker threads, V8's compiler and collector threads included).
    return { seconds: median(seconds), runs: seconds, coresBusy: Number(median(cores).toFixed(2)) };
  };
  let redis: RedisServer | undefined;
  const workers: WorkerProcess[] = [];
  try {
    const one = await timed('1 local worker', { workers: 1 });
    const two = await timed('2 local workers', { workers: 2 });
    let queued: { seconds: number; runs: number[]; overOneLocal: number } | { unavailable: string };
    try {
      redis = await startRedisServer();
      onStep('starting redis-server and two `quorum worker` processes');
      for (const name of ['a', 'b']) workers.push(await startWorkerProcess(redis.url, ['--cache', join(dir, `cache-${name}`)]));
      const runner = await RedisSweepRunner.open(redis.url, randomUUID());
      try {
        const t = await timed('2 workers through Redis', { workers: 2, runner });
        // The workers are other processes: this one's busy cores would say nothing of theirs.
        queued = { seconds: t.seconds, runs: t.runs, overOneLocal: Number((one.seconds / t.seconds).toFixed(2)) };
      } finally {
        await runner.close();
      }
    } catch (err) {
      queued = { unavailable: (err as Error).message };
    }
    // What this machine gives two backtests at once, measured apart from any sweep: warm threads,
    // 8 backtests on one against 16 on two; and an arithmetic loop that touches no memory.
    onStep('the machine: 8 backtests on one warm thread, 16 on two; an arithmetic loop on one and two threads');
    const warmOne = await warmRate(1, 8);
    const warmTwo = await warmRate(2, 16);
    const spinOne = await spin(1);
    const spinTwo = await spin(2);
    const speedup = Number((one.seconds / two.seconds).toFixed(2));
    return {
      points: 16,
      data: 'resources/data/sp500-2000.csv (5,072 daily bars)',
      oneLocalWorker: one,
      twoLocalWorkers: two,
      twoOverOne: speedup,
      target: 1.6,
      met: speedup >= 1.6,
      twoWorkersThroughRedis: queued,
      machine: {
        cores: availableParallelism(),
        /**
         * What two workers can give at most, from the cores one worker already keeps busy (its thread,
         * and V8 compiling and collecting beside it on the other core): the cores over that.
         */
        twoOverOneCeiling: Number((Math.min(2, availableParallelism()) / one.coresBusy).toFixed(2)),
        backtestsPerSecondOneWarmThread: Number(warmOne.toFixed(2)),
        backtestsPerSecondTwoWarmThreads: Number(warmTwo.toFixed(2)),
        /** The most two workers can give this work here: the sweep's ceiling. */
        backtestTwoOverOne: Number((warmTwo / warmOne).toFixed(2)),
        /** The same for an arithmetic loop: whether the machine has two cores' worth of compute. */
        arithmeticTwoOverOne: Number(((2 * spinOne) / spinTwo).toFixed(2)),
      },
      sameFigures: new Set(figures.values()).size === 1,
    };
  } finally {
    await Promise.all(workers.map((w) => stopProcess(w.child)));
    await redis?.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
