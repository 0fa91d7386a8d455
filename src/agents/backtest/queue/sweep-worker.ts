import { Worker } from 'bullmq';
import type { BacktestTask, BacktestTaskResult } from '../jobs/backtest-task.ts';
import { backtestWorkerUrl, taskOf } from '../jobs/sweep-runner.ts';
import { WorkerPool } from '../jobs/worker-pool.ts';
import { DatasetCache } from './datasets.ts';
import { connectRedis, redisOptions, SWEEP_QUEUE } from './redis-connection.ts';
import { withPaths, type QueuedJob } from './queued-job.ts';
import { parkJournal, type QueuedResult } from './journal-transport.ts';

export interface SweepWorkerOptions {
  url: string;
  /** Jobs at once, each on a worker thread of its own. */
  concurrency: number;
  /** Where fetched datasets are kept between jobs and runs. */
  cacheDir: string;
  /**
   * A job whose worker stops renewing its lock for this long (killed, its machine gone) is given
   * to another worker, once; a second loss fails it. BullMQ's default is 30 s.
   */
  lockSeconds: number;
  log: (line: string) => void;
}

/**
 * `quorum worker`: takes sweep jobs from the queue and runs each on a worker thread, the same
 * backtest a local sweep runs. Returns once it is connected; `close` waits for the jobs it holds.
 */
export async function startSweepWorker(options: SweepWorkerOptions): Promise<{ close(): Promise<void> }> {
  const redis = await connectRedis(options.url);
  const datasets = new DatasetCache(redis, options.cacheDir, options.log);
  const pool = new WorkerPool<BacktestTask, BacktestTaskResult>(backtestWorkerUrl(), options.concurrency);
  const worker = new Worker<QueuedJob, QueuedResult>(
    SWEEP_QUEUE,
    async (job) => {
      const data = job.data;
      options.log(`job ${job.id} started${job.attemptsStarted > 1 || job.stalledCounter > 0 ? ' (again: its last worker was lost)' : ''}`);
      const local = new Map<string, string>();
      for (const [file, ref] of Object.entries(data.files)) local.set(file, await datasets.pathOf(ref));
      const task = withPaths(data.task, (file) => local.get(file) ?? file);
      const train = data.kind === 'test' ? (Object.values(await job.getChildrenValues()) as BacktestTaskResult[])[0] : undefined;
      const result = await pool
        .exec(taskOf({ kind: data.kind, task, ...(data.warmFromMs !== undefined ? { warmFromMs: data.warmFromMs } : {}) }, train))
        .catch((err: Error) => {
          // The submitter's paths in the error, not this worker's cache.
          let message = err.message;
          for (const [file, copy] of local) message = message.replaceAll(copy, file);
          throw new Error(message, { cause: err });
        });
      options.log(`job ${job.id} done`);
      return parkJournal(redis, job.id!, result);
    },
    {
      connection: redisOptions(options.url),
      concurrency: options.concurrency,
      lockDuration: options.lockSeconds * 1_000,
      stalledInterval: options.lockSeconds * 1_000,
      maxStalledCount: 1,
    },
  );
  worker.on('failed', (job, err) => options.log(`job ${job?.id ?? '?'} failed: ${err.message}`));
  worker.on('error', (err) => options.log(`queue error: ${err.message}`));
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await pool.close();
      redis.disconnect();
    },
  };
}
