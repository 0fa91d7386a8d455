import type { AgentState } from '../../engine/agent.ts';
import { loadBarSeries, type BarSeries } from '../../venues/simulated/load-replay.ts';
import type { BacktestConfig } from '../backtest-config.ts';
import type { Metrics } from '../metrics.ts';
import { withThrowawayJournal, prepareBatchModels, runBacktest, type BacktestResult, type EquityCurve } from '../run-backtest.ts';

/** One backtest to run on a worker: files, settings, period; for a test window, what was learned before it. */
export interface BacktestTask {
  files: readonly string[];
  config: BacktestConfig;
  fromMs?: number;
  toMs?: number;
  /** Walk-forward: bars from `fromMs` up to the task's start are the agents' memory; `checkpoints` their learned state. */
  warm?: { fromMs: number; checkpoints: Record<string, AgentState> };
  /** Return the run's journal blocks (`quorum sweep --keep-decisions`). */
  keepJournal?: boolean;
}

export interface BacktestTaskResult {
  metrics: Metrics;
  benchmark: Metrics;
  run: BacktestResult['run'];
  equity: EquityCurve;
  checkpoints: Record<string, AgentState>;
  fills: BacktestResult['fills'];
  journal?: BacktestResult['journal'];
}

const cache = new Map<string, BarSeries>();

function series(file: string): BarSeries {
  let s = cache.get(file);
  if (!s) {
    const loaded = loadBarSeries(file);
    if (!loaded.ok) throw new Error(loaded.error);
    cache.set(file, (s = loaded.value));
  }
  return s;
}

export async function runBacktestTask(task: BacktestTask): Promise<BacktestTaskResult> {
  const all = task.files.map(series);
  const start = task.fromMs ?? -Infinity;
  const warm = task.warm;
  const range = { ...(task.fromMs !== undefined ? { fromMs: task.fromMs } : {}), ...(task.toMs !== undefined ? { toMs: task.toMs } : {}) };
  const batchModels = await prepareBatchModels({ series: all, config: task.config, ...range });
  const r = withThrowawayJournal(all, (db) =>
    runBacktest({
      ...db,
      batchModels,
      series: all,
      config: task.config,
      ...range,
      ...(task.keepJournal ? { keepJournal: true } : {}),
      ...(warm
        ? {
            warmStart: {
              bars: all.flatMap((s) => s.bars.between(warm.fromMs, start - 1).toArray()),
              checkpoints: warm.checkpoints,
            },
          }
        : {}),
    }),
  );
  return {
    metrics: r.metrics,
    benchmark: r.benchmark,
    run: r.run,
    equity: r.equity,
    checkpoints: r.checkpoints,
    fills: r.fills,
    ...(r.journal ? { journal: r.journal } : {}),
  };
}
