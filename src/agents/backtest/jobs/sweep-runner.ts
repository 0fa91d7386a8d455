import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BacktestTask, BacktestTaskResult } from './backtest-task.ts';
import { runJobGraph, type Job, type JobOutcome, type JobProgress } from './job-graph.ts';
import type { SweepJob } from './sweep-plan.ts';
import { WorkerPool } from './worker-pool.ts';

/** Runs a sweep's job graph somewhere: worker threads here (the default), or workers on a queue. */
export interface SweepRunner {
  /** `onResult` sees each job's result as it arrives, once, before `run` returns them all. */
  run(
    jobs: readonly Job<SweepJob>[],
    onProgress: (p: JobProgress) => void,
    onResult?: OnResult,
  ): Promise<Map<string, JobOutcome<BacktestTaskResult>>>;
  close(): Promise<void>;
}

export type OnResult = (jobId: string, result: BacktestTaskResult) => void;

/** The worker's module: the TypeScript source, or beside the bundled engine (`out/main/backtest-worker.js`). */
export function backtestWorkerUrl(): URL {
  const source = new URL('./backtest.worker.ts', import.meta.url);
  return existsSync(fileURLToPath(source)) ? source : new URL('./backtest-worker.js', import.meta.url);
}

/** The backtest a job runs: a test window's starts from what its train window learned. */
export function taskOf(job: Pick<SweepJob, 'kind' | 'task' | 'warmFromMs'>, train: BacktestTaskResult | undefined): BacktestTask {
  if (job.kind !== 'test') return job.task;
  if (!train || job.warmFromMs === undefined) throw new Error('a test window ran without its train window');
  return { ...job.task, warm: { fromMs: job.warmFromMs, checkpoints: train.checkpoints } };
}

/** A pool of worker threads in this process; a job starts once the jobs it needs are done. */
export class LocalSweepRunner implements SweepRunner {
  private readonly pool: WorkerPool<BacktestTask, BacktestTaskResult>;

  constructor(workers: number) {
    this.pool = new WorkerPool(backtestWorkerUrl(), Math.max(1, workers));
  }

  run(
    jobs: readonly Job<SweepJob>[],
    onProgress: (p: JobProgress) => void,
    onResult?: OnResult,
  ): Promise<Map<string, JobOutcome<BacktestTaskResult>>> {
    return runJobGraph<SweepJob, BacktestTaskResult>(
      jobs,
      async (job, inputs) => {
        const result = await this.pool.exec(taskOf(job.payload, job.needs[0] === undefined ? undefined : inputs.get(job.needs[0])));
        onResult?.(job.id, result);
        return result;
      },
      this.pool.size,
      onProgress,
    );
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
