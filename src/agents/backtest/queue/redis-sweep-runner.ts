import { FlowProducer, Queue, QueueEvents, type FlowJob } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BacktestTaskResult } from '../jobs/backtest-task.ts';
import type { Job, JobOutcome, JobProgress } from '../jobs/job-graph.ts';
import type { SweepJob } from '../jobs/sweep-plan.ts';
import type { OnResult, SweepRunner } from '../jobs/sweep-runner.ts';
import { connectRedis, redisOptions, SWEEP_QUEUE } from './redis-connection.ts';
import { publishFiles } from './datasets.ts';
import { filesOf, type QueuedJob } from './queued-job.ts';
import { collectJournal, type QueuedResult } from './journal-transport.ts';

/** How long finished jobs stay in Redis (for `bullmq` tools and a submitter that reconnects). */
const KEEP = { removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } };

/**
 * A sweep's jobs on a BullMQ queue in Redis, run by `quorum worker`s anywhere. The job graph goes
 * in as flows (a walk-forward's test window is the parent of its train window, so BullMQ starts it
 * only after the train window is done and hands it the train's result); the files travel by hash
 * (`datasets.ts`). Progress and results come back here through the queue's events.
 */
export class RedisSweepRunner implements SweepRunner {
  private readonly sweepKey: string;
  private readonly redis: Redis;
  private readonly events: QueueEvents;
  private readonly flows: FlowProducer;
  private readonly queue: Queue;
  private readonly onNoWorker: (() => void) | undefined;
  /** Sweeps run through this runner so far: each one's job ids are its own. */
  private sweeps = 0;

  private constructor(url: string, sweepKey: string, redis: Redis, onNoWorker?: () => void) {
    const connection = redisOptions(url);
    this.sweepKey = sweepKey;
    this.redis = redis;
    this.events = new QueueEvents(SWEEP_QUEUE, { connection });
    this.flows = new FlowProducer({ connection });
    this.queue = new Queue(SWEEP_QUEUE, { connection });
    this.onNoWorker = onNoWorker;
  }

  /** Connects (or says why it cannot); `sweepKey` makes its sweeps' job ids unique on the server. */
  static async open(url: string, sweepKey: string, onNoWorker?: () => void): Promise<RedisSweepRunner> {
    const runner = new RedisSweepRunner(url, sweepKey, await connectRedis(url), onNoWorker);
    await runner.events.waitUntilReady();
    return runner;
  }

  async run(
    jobs: readonly Job<SweepJob>[],
    onProgress: (p: JobProgress) => void,
    onResult?: OnResult,
  ): Promise<Map<string, JobOutcome<BacktestTaskResult>>> {
    const counts = new Map<string, number>();
    for (const j of jobs) for (const n of j.needs) counts.set(n, (counts.get(n) ?? 0) + 1);
    const shared = [...counts].find(([, c]) => c > 1);
    if (shared) throw new Error(`job ${shared[0]} is needed by ${shared[1]} jobs; a queue's flows are trees`);
    const refs = await publishFiles(this.redis, [...new Set(jobs.flatMap((j) => filesOf(j.payload.task)))]);
    const key = `${this.sweepKey}-${++this.sweeps}`;
    const queueId = (id: string) => `${key}-${id}`;
    const byQueueId = new Map(jobs.map((j) => [queueId(j.id), j]));
    const outcomes = new Map<string, JobOutcome<BacktestTaskResult>>();
    let failed = 0;
    const finished = new Promise<void>((resolve) => {
      const settle = (queued: string, outcome: JobOutcome<BacktestTaskResult>) => {
        const job = byQueueId.get(queued);
        // Each job counts once, whatever the events say (a retried job is still one result).
        if (!job || outcomes.has(job.id)) return;
        if (outcome.ok) onResult?.(job.id, outcome.result);
        outcomes.set(job.id, outcome);
        if (!outcome.ok) failed++;
        onProgress({ done: outcomes.size, failed, total: jobs.length, jobId: job.id, status: outcome.ok ? 'done' : 'failed' });
        if (outcomes.size === jobs.length) resolve();
      };
      // A job active a second time was taken over from a worker that was lost (its lock ran out).
      const started = new Set<string>();
      this.events.on('active', ({ jobId }) => {
        const job = byQueueId.get(jobId);
        if (!job || outcomes.has(job.id)) return;
        const status = started.has(job.id) ? 'restarted' : 'started';
        started.add(job.id);
        onProgress({ done: outcomes.size, failed, total: jobs.length, jobId: job.id, status });
      });
      this.events.on('completed', ({ jobId, returnvalue }) => {
        if (!byQueueId.has(jobId)) return;
        const queued = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as QueuedResult;
        collectJournal(this.redis, queued).then(
          (result) => settle(jobId, { ok: true, result }),
          (err: Error) => settle(jobId, { ok: false, error: err.message }),
        );
      });
      this.events.on('failed', ({ jobId, failedReason }) => {
        const job = byQueueId.get(jobId);
        const need = job?.needs.find((n) => failedReason.includes(queueId(n)));
        settle(jobId, { ok: false, error: need ? `skipped: ${need} failed` : failedReason });
      });
    });
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const flow = (job: Job<SweepJob>): FlowJob => {
      const { kind, task, warmFromMs } = job.payload;
      const data: QueuedJob = {
        id: job.id,
        kind,
        task,
        ...(warmFromMs !== undefined ? { warmFromMs } : {}),
        files: Object.fromEntries(filesOf(task).map((f) => [f, refs.get(f)!])),
      };
      return {
        name: kind,
        queueName: SWEEP_QUEUE,
        data,
        opts: { jobId: queueId(job.id), failParentOnFailure: true, ...KEEP },
        children: job.needs.map((n) => flow(byId.get(n)!)),
      };
    };
    // The roots: jobs no other job needs (a walk-forward's test windows, a sweep's every point).
    await this.flows.addBulk(jobs.filter((j) => !counts.has(j.id)).map(flow));
    if ((await this.queue.getWorkers()).length === 0) this.onNoWorker?.();
    await finished;
    this.events.removeAllListeners();
    return outcomes;
  }

  async close(): Promise<void> {
    await Promise.all([this.events.close(), this.flows.close(), this.queue.close()]);
    this.redis.disconnect();
  }
}
