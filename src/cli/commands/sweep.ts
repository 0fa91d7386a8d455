import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { runSweep } from '../../agents/backtest/jobs/run-sweep.ts';
import { RedisSweepRunner } from '../../agents/backtest/queue/redis-sweep-runner.ts';
import { expandGrid, type GridValue } from '../../agents/backtest/jobs/sweep-plan.ts';
import { batchModelName } from '../../agents/inference/batch-predictions.ts';
import { BacktestRuns } from '../../agents/store/backtest-runs.ts';
import { CliError } from '../cli-error.ts';
import { intOption, parseOptions, resolveDataDir } from '../cli-options.ts';
import { progressBar } from '../progress-bar.ts';
import { dateOption, loadInputs, readConfigOption, requireModelFiles, warnWeightsWithoutVoter } from './backtest-options.ts';
import { formatRunTable } from './runs.ts';

const USAGE =
  'usage: quorum sweep --input FILE.csv [--input …] [--config FILE.json] [--grid PATH=V1,V2 …] [--walk-forward TRAIN,TEST] [--from DATE] [--to DATE] [--workers N | --queue redis://HOST:PORT] [--keep-decisions] [--data DIR] [--json]';

function parseGrid(specs: readonly string[]): Record<string, GridValue[]> {
  const grid: Record<string, GridValue[]> = {};
  for (const spec of specs) {
    const m = /^([A-Za-z][\w.]*)=(.+)$/.exec(spec);
    if (!m) throw new CliError(`--grid ${spec}: expected PATH=V1,V2 (e.g. optimizer.targetVolatility=0.05,0.1)`);
    grid[m[1]!] = m[2]!
      .split(',')
      .map((v) => (v === 'true' ? true : v === 'false' ? false : v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v));
  }
  return grid;
}

/** `quorum sweep`: a parameter grid (and optionally walk-forward windows) on a pool of worker threads; runs stored for comparison. */
export async function runSweepCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    input: { type: 'string', multiple: true },
    config: { type: 'string' },
    grid: { type: 'string', multiple: true },
    'walk-forward': { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    workers: { type: 'string' },
    queue: { type: 'string' },
    data: { type: 'string' },
    json: { type: 'boolean' },
    'keep-decisions': { type: 'boolean' },
  });
  if (!values.input?.length) throw new CliError(USAGE);
  const series = loadInputs(values.input);
  const base = readConfigOption(values.config);
  const grid = parseGrid(values.grid ?? []);
  try {
    expandGrid(base, grid);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  requireModelFiles(base.models);
  warnWeightsWithoutVoter(
    base,
    base.models.map((m) => batchModelName(m.file)),
  );
  let walkForward: { trainBars: number; testBars: number } | undefined;
  if (values['walk-forward']) {
    const m = /^(\d+),(\d+)$/.exec(values['walk-forward']);
    if (!m || Number(m[1]) < 300 || Number(m[2]) < 20)
      throw new CliError(
        `--walk-forward must be TRAIN,TEST in bars (train ≥ 300 so the regime model can fit, test ≥ 20), got "${values['walk-forward']}"`,
      );
    walkForward = { trainBars: Number(m[1]), testBars: Number(m[2]) };
  }
  const fromMs = dateOption(values.from, 'from');
  const toMs = dateOption(values.to, 'to');
  if (values.queue && values.workers)
    throw new CliError(
      '--workers is for a sweep on this machine; with --queue, start `quorum worker --concurrency N` where the jobs should run',
    );
  const dataDir = resolveDataDir(values.data);
  mkdirSync(dataDir, { recursive: true });
  const runs = BacktestRuns.open(join(dataDir, 'backtests.sqlite'));
  const queue = values.queue;
  const runner = queue
    ? await RedisSweepRunner.open(queue, randomUUID(), () =>
        console.error(`no worker is connected to ${queue} yet; the jobs wait for one: quorum worker --queue ${queue}`),
      ).catch((err: Error) => {
        runs.close();
        throw new CliError(err.message, 1);
      })
    : undefined;
  const progress = progressBar(walkForward ? 'walk-forward' : 'sweep', process.stderr);
  try {
    const result = await runSweep(
      {
        files: values.input.map((f) => resolve(f)),
        base,
        grid,
        ...(walkForward ? { walkForward } : {}),
        ...(fromMs !== undefined ? { fromMs } : {}),
        ...(toMs !== undefined ? { toMs } : {}),
        ...(values['keep-decisions'] ? { keepDecisions: true } : {}),
      },
      {
        workers: intOption(values.workers, 'workers', availableParallelism(), 1, 64),
        ...(runner ? { runner } : {}),
        runs,
        label: values.input.map((f) => f.split('/').at(-1)).join(', '),
        now: () => Date.now(),
        onProgress: (p) => {
          if (p.status === 'restarted') progress.note(`job ${p.jobId} is running again: the worker that had it was lost`);
          progress.update(p.done, p.total);
        },
        series,
      },
    ).catch((err: Error) => {
      throw new CliError(err.message, 1);
    });
    progress.done();
    const run = runs.get(result.runId)!;
    if (values.json)
      console.log(
        JSON.stringify({ runId: result.runId, kind: run.kind, points: result.points.map(({ curve: _, trades: __, ...p }) => p) }, null, 2),
      );
    else console.log(formatRunTable([run], runs));
    console.error(
      `run ${result.runId} stored in ${join(dataDir, 'backtests.sqlite')}; compare with \`quorum runs compare ${result.runId} …\``,
    );
    return result.points.some((p) => p.error) ? 1 : 0;
  } finally {
    progress.done();
    runs.close();
    await runner?.close();
  }
}
