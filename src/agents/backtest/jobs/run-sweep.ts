import type { BacktestRuns, ResultRow, Restriction } from '../../store/backtest-runs.ts';
import { loadBarSeries, type BarSeries } from '../../venues/simulated/load-replay.ts';
import type { Metrics } from '../metrics.ts';
import { runRestrictions, type EquityCurve } from '../run-backtest.ts';
import type { BacktestTaskResult } from './backtest-task.ts';
import type { JobProgress } from './job-graph.ts';
import { stitchWindows } from './stitch-windows.ts';
import { expandGrid, planSweep, walkForwardWindows, type SweepSpec, type Window } from './sweep-plan.ts';
import { LocalSweepRunner, type SweepRunner } from './sweep-runner.ts';

export interface PointResult {
  params: ResultRow['params'];
  metrics: Metrics | null;
  benchmark: Metrics | null;
  error: string | null;
  windows: { testFrom: string; testTo: string; metrics: Metrics }[] | null;
  curve: ResultRow['curve'];
  trades: ResultRow['trades'];
  restrictions: Restriction[];
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The fills kept with a result for its chart (the first 2,000). */
const tradesOf = (fills: BacktestTaskResult['fills']): ResultRow['trades'] =>
  fills.slice(0, 2_000).map((f): ResultRow['trades'][number] => [f.ts, f.instrumentId, f.side, f.quantity, f.price]);

/** When breakers restricted or stopped the run (a walk-forward's test windows in turn). */
const restrictionsOf = (runs: readonly BacktestTaskResult['run'][]): Restriction[] => runs.flatMap(runRestrictions);

function downsample(curve: EquityCurve, max = 500): ResultRow['curve'] {
  const n = curve.ts.length;
  const step = Math.max(1, Math.ceil(n / max));
  const out: ResultRow['curve'] = [];
  const point = (i: number): ResultRow['curve'][number] => [curve.ts[i]!, curve.equity[i]!, curve.benchmark[i]!];
  for (let i = 0; i < n; i += step) out.push(point(i));
  if (n && out.at(-1)?.[0] !== curve.ts[n - 1]) out.push(point(n - 1));
  return out;
}

/**
 * A parameter sweep, optionally walk-forward, as a job graph (train windows before their test
 * windows; everything else in parallel) on a pool of worker threads, or on the workers of a queue
 * (`runner`, which the caller closes). Progress and each grid point's metrics are recorded in the
 * runs database.
 */
export async function runSweep(
  spec: SweepSpec,
  options: {
    workers: number;
    /** Where the jobs run; worker threads in this process (`workers` of them) when absent. */
    runner?: SweepRunner;
    runs: BacktestRuns;
    label: string;
    now: () => number;
    onProgress?: (p: JobProgress) => void;
    /** Called once the run is recorded, before any job starts. */
    onCreated?: (runId: number) => void;
    /** The files' bars when the caller has already read them (the walk-forward windows need the timeline). */
    series?: readonly BarSeries[];
  },
): Promise<{ runId: number; points: PointResult[] }> {
  const points = expandGrid(spec.base, spec.grid);
  let windows: Window[] | null = null;
  if (spec.walkForward) {
    const stamps = new Set<number>();
    const series =
      options.series ??
      spec.files.map((file) => {
        const loaded = loadBarSeries(file);
        if (!loaded.ok) throw new Error(loaded.error);
        return loaded.value;
      });
    for (const s of series) for (const ts of s.bars.between(spec.fromMs, spec.toMs).ts) stamps.add(ts);
    windows = walkForwardWindows(
      [...stamps].sort((a, b) => a - b),
      spec.walkForward.trainBars,
      spec.walkForward.testBars,
    );
  }
  const jobs = planSweep(spec, points, windows);
  const kind = windows ? 'walk-forward' : points.length > 1 ? 'sweep' : 'backtest';
  const runId = options.runs.create(
    kind,
    options.label,
    { ...spec, points: points.map((p) => p.params), windows },
    jobs.length,
    options.now(),
  );
  options.onCreated?.(runId);
  const runner = options.runner ?? new LocalSweepRunner(Math.min(options.workers, jobs.length));
  try {
    const payloads = new Map(jobs.map((j) => [j.id, j.payload]));
    const outcomes = await runner.run(
      jobs,
      (p) => {
        options.runs.progress(runId, p.done, p.failed);
        options.onProgress?.(p);
      },
      // A kept journal (`keepDecisions`: a point's run, or each of its test windows) is stored as it
      // arrives and let go: a sweep's journals together can be too large to hold at once.
      (id, result) => {
        const job = payloads.get(id)!;
        if (result.journal && job.kind !== 'train') options.runs.addJournal(runId, job.point, job.window ?? 0, result.journal);
        delete result.journal;
      },
    );
    const results = points.map((point, i): PointResult => {
      const base = {
        params: point.params,
        windows: null,
        curve: [] as ResultRow['curve'],
        trades: [] as ResultRow['trades'],
        restrictions: [] as Restriction[],
      };
      if (!windows) {
        const o = outcomes.get(`p${i}`)!;
        return o.ok
          ? {
              ...base,
              metrics: o.result.metrics,
              benchmark: o.result.benchmark,
              error: null,
              curve: downsample(o.result.equity),
              trades: tradesOf(o.result.fills),
              restrictions: restrictionsOf([o.result.run]),
            }
          : { ...base, metrics: null, benchmark: null, error: o.error };
      }
      const tests = windows.map((_, w) => outcomes.get(`p${i}-w${w}-test`)!);
      const failed = tests.find((o) => !o.ok);
      if (failed && !failed.ok) return { ...base, metrics: null, benchmark: null, error: failed.error };
      const ok = tests.map((o) => (o as { result: BacktestTaskResult }).result);
      const stitched = stitchWindows(ok.map((r) => ({ ...r, startingCash: r.run.startingCash, periodsPerYear: r.run.periodsPerYear })));
      return {
        ...base,
        metrics: stitched.metrics,
        benchmark: stitched.benchmark,
        error: null,
        windows: ok.map((r, w) => ({ testFrom: day(windows[w]!.testFromMs), testTo: day(windows[w]!.testToMs), metrics: r.metrics })),
        curve: downsample(stitched.curve),
        // The test windows' fills, in order: the out-of-sample trades on the stitched curve.
        trades: tradesOf(ok.flatMap((r) => r.fills)),
        restrictions: restrictionsOf(ok.map((r) => r.run)),
      };
    });
    results.forEach((r, point) =>
      options.runs.addResult({
        runId,
        point,
        params: r.params,
        metrics: r.metrics ?? { error: r.error },
        benchmark: r.benchmark,
        windows: r.windows,
        curve: r.curve,
        trades: r.trades,
        restrictions: r.restrictions,
      }),
    );
    options.runs.finish(runId, results.some((r) => r.error) ? 'failed' : 'done', options.now());
    return { runId, points: results };
  } catch (err) {
    options.runs.finish(runId, 'failed', options.now());
    throw err;
  } finally {
    if (!options.runner) await runner.close();
  }
}
