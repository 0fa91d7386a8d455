import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { backtestsContract, type BacktestPoint } from '../../shared/contracts/backtests.contract.ts';
import { BacktestConfigSchema } from '../backtest/backtest-config.ts';
import { runSweep } from '../backtest/jobs/run-sweep.ts';
import type { Kernel } from '../engine/kernel.ts';
import { BacktestRuns } from '../store/backtest-runs.ts';
import { loadBarSeries } from '../venues/simulated/load-replay.ts';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Backtests started from the UI run in this process on worker threads (the kernel's own thread only
 * schedules them) and are recorded in `backtests.sqlite` beside the journal; the UI polls `runs` for
 * progress. Only the bundled data files can be chosen.
 */
export function registerBacktestServices(kernel: Kernel, workers: number): void {
  const dataDir = kernel.options.bundledDataDir;
  const files = () =>
    dataDir
      ? readdirSync(dataDir)
          .filter((f) => f.endsWith('.csv'))
          .sort()
      : [];
  let runs: BacktestRuns | null = null;
  const open = () => (runs ??= BacktestRuns.open(join(dirname(kernel.store.file), 'backtests.sqlite')));

  kernel.services.register(backtestsContract, {
    inputs: () =>
      files().flatMap((name) => {
        const loaded = loadBarSeries(join(dataDir!, name));
        return loaded.ok
          ? [{ name, bars: loaded.value.bars.length, from: day(loaded.value.bars[0]!.ts), to: day(loaded.value.bars.at(-1)!.ts) }]
          : [];
      }),
    start: async (req) => {
      const known = new Set(files());
      const unknown = req.files.find((f) => !known.has(f));
      if (unknown) throw new Error(`${unknown} is not one of the bundled data files (${[...known].join(', ') || 'none'})`);
      const base = BacktestConfigSchema.parse({ optimizer: { method: req.method } });
      const spec = {
        files: req.files.map((f) => join(dataDir!, f)),
        base,
        grid: { 'optimizer.targetVolatility': req.targetVolatility, 'consensus.buyThreshold': req.buyThreshold },
        ...(req.walkForward ? { walkForward: req.walkForward } : {}),
        ...(req.from ? { fromMs: Date.parse(req.from) } : {}),
        ...(req.to ? { toMs: Date.parse(req.to) } : {}),
      };
      const runId = await new Promise<number>((resolve, reject) => {
        runSweep(spec, { workers, runs: open(), label: req.files.join(', '), now: () => kernel.clock.now(), onCreated: resolve }).catch(
          (err: Error) => {
            kernel.options.log.error({ err: err.message }, 'backtest failed');
            reject(err);
          },
        );
      });
      return { runId };
    },
    runs: () => open().list(30),
    results: ({ runIds }) =>
      runIds.flatMap((runId) =>
        open()
          .results(runId)
          .map((r): BacktestPoint => {
            const failed = (r.metrics as { error?: string } | null)?.error;
            return {
              runId,
              point: r.point,
              params: r.params,
              metrics: failed ? null : (r.metrics as BacktestPoint['metrics']),
              benchmark: (r.benchmark as BacktestPoint['benchmark']) ?? null,
              error: failed ?? null,
              curve: r.curve,
              trades: r.trades,
            };
          }),
      ),
  });
}
