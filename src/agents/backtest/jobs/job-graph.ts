/** One unit of work; it starts as soon as every job it `needs` has finished. */
export interface Job<P> {
  id: string;
  needs: readonly string[];
  payload: P;
}

export type JobOutcome<R> = { ok: true; result: R } | { ok: false; error: string };

export interface JobProgress {
  done: number;
  failed: number;
  total: number;
  jobId: string;
  /** `restarted`: started again on a queue, after the worker that had it was lost. */
  status: 'started' | 'restarted' | 'done' | 'failed' | 'skipped';
}

/** Throws if a job needs an unknown job, an id repeats, or the needs form a cycle (naming it). */
export function checkJobGraph(jobs: readonly Job<unknown>[]): void {
  const ids = new Set<string>();
  for (const j of jobs) {
    if (ids.has(j.id)) throw new Error(`job ${j.id} is defined twice`);
    ids.add(j.id);
  }
  for (const j of jobs) for (const n of j.needs) if (!ids.has(n)) throw new Error(`job ${j.id} needs ${n}, which does not exist`);
  const state = new Map<string, 'visiting' | 'done'>();
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`jobs form a cycle: ${[...path.slice(path.indexOf(id)), id].join(' → ')}`);
    state.set(id, 'visiting');
    for (const n of byId.get(id)!.needs) visit(n, [...path, id]);
    state.set(id, 'done');
  };
  for (const j of jobs) visit(j.id, []);
}

/**
 * Runs a graph of jobs with at most `concurrency` at once: a job starts as soon as what it needs is
 * done, and receives its needs' results. A failed job's dependents are skipped with the reason.
 */
export async function runJobGraph<P, R>(
  jobs: readonly Job<P>[],
  run: (job: Job<P>, inputs: ReadonlyMap<string, R>) => Promise<R>,
  concurrency: number,
  onProgress?: (p: JobProgress) => void,
): Promise<Map<string, JobOutcome<R>>> {
  checkJobGraph(jobs);
  const outcomes = new Map<string, JobOutcome<R>>();
  const waiting = [...jobs];
  let running = 0;
  let failed = 0;
  const report = (jobId: string, status: JobProgress['status']) =>
    onProgress?.({ done: outcomes.size, failed, total: jobs.length, jobId, status });
  return new Promise((resolve) => {
    const pump = () => {
      for (let i = 0; i < waiting.length; i++) {
        const job = waiting[i]!;
        const broken = job.needs.find((n) => outcomes.get(n)?.ok === false);
        if (broken) {
          waiting.splice(i--, 1);
          failed++;
          outcomes.set(job.id, { ok: false, error: `skipped: ${broken} failed` });
          report(job.id, 'skipped');
          continue;
        }
        if (running >= concurrency || !job.needs.every((n) => outcomes.has(n))) continue;
        waiting.splice(i--, 1);
        running++;
        report(job.id, 'started');
        const inputs = new Map(job.needs.map((n) => [n, (outcomes.get(n) as { result: R }).result]));
        run(job, inputs).then(
          (result) => finish(job.id, { ok: true, result }),
          (err: unknown) => finish(job.id, { ok: false, error: err instanceof Error ? err.message : String(err) }),
        );
      }
      if (running === 0 && waiting.length === 0) resolve(outcomes);
    };
    const finish = (id: string, outcome: JobOutcome<R>) => {
      running--;
      if (!outcome.ok) failed++;
      outcomes.set(id, outcome);
      report(id, outcome.ok ? 'done' : 'failed');
      pump();
    };
    pump();
  });
}
