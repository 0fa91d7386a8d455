import { dirname, join } from 'node:path';
import { backtestsContract, type BacktestPoint } from '../../shared/contracts/backtests.contract.ts';
import { BacktestConfigSchema } from '../backtest/backtest-config.ts';
import { runSweep } from '../backtest/jobs/run-sweep.ts';
import type { Kernel } from '../engine/kernel.ts';
import { BacktestRuns } from '../store/backtest-runs.ts';
import { DataFiles } from '../backtest/data-files.ts';
import { mixedIntervals } from '../../shared/market-data/bar-interval.ts';
import { readVenueSettings } from '../store/projections.ts';
import { DOWNLOAD_CLIENT_ID } from '../venues/ibkr/ib-history.ts';
import { HistoryDownloads } from './history-downloads.ts';

/**
 * Backtests started from the UI run in this process on worker threads (the kernel's own thread only
 * schedules them) and are recorded in `backtests.sqlite` beside the journal; the runs list with its
 * progress is pushed to the UI as a view. They read the bundled data files or ones the trader imported (`<data>/datasets/`): the
 * UI names a file, never a path.
 */
/** What the backtest services use of the kernel, and nothing more. */
export type BacktestServiceDeps = Pick<Kernel, 'services' | 'store' | 'clock' | 'options' | 'uploads'>;

/**
 * `runsChanged` hears every change of the runs list (a run created, progressed, finished) and of
 * the downloads from IB, for the pushed views.
 */
export function registerBacktestServices(kernel: BacktestServiceDeps, workers: number, runsChanged: () => void = () => {}): void {
  const datasets = join(dirname(kernel.store.file), 'datasets');
  const data = new DataFiles(kernel.options.bundledDataDir, datasets);
  let runs: BacktestRuns | null = null;
  const open = () => (runs ??= BacktestRuns.open(join(dirname(kernel.store.file), 'backtests.sqlite')));

  const downloads = new HistoryDownloads({
    dir: datasets,
    endpoint: () => {
      const venue = readVenueSettings(kernel.store.db);
      return { host: venue.host, port: venue.port, clientId: DOWNLOAD_CLIENT_ID };
    },
    clock: kernel.clock,
    log: kernel.options.log,
    changed: runsChanged,
  });

  kernel.services.register(backtestsContract, {
    inputs: () => data.summaries(),
    download: (request) => downloads.start(request),
    downloads: () => downloads.list(),
    importData: ({ uploadId }) => {
      const { fileName, bytes } = kernel.uploads.take(uploadId);
      const imported = data.import(fileName, Buffer.from(bytes).toString('utf8'));
      if (!imported.ok) throw new Error(imported.error);
      kernel.options.log.info({ name: imported.value.name, bars: imported.value.bars }, 'data file imported for backtests');
      return imported.value;
    },
    removeData: ({ name }) => {
      const removed = data.remove(name);
      if (!removed.ok) throw new Error(removed.error);
      kernel.options.log.info({ name }, 'imported data file removed');
      return { removed: name };
    },
    start: async (req) => {
      // Files of different bar intervals are refused here, in the form, not as a failed run.
      const chosen = data.summaries(req.files);
      const mixed = mixedIntervals(req.files.flatMap((f) => chosen.filter((s) => s.name === f)));
      if (mixed) throw new Error(mixed);
      const paths: string[] = [];
      for (const f of req.files) {
        const resolved = data.resolve(f);
        if (!resolved.ok) throw new Error(resolved.error);
        paths.push(resolved.path);
      }
      const base = BacktestConfigSchema.parse({
        optimizer: { method: req.method },
        ...(req.resumeNextDay ? { resumeAfterBreaker: 'next-day' } : {}),
      });
      const spec = {
        files: paths,
        base,
        grid: { 'optimizer.targetVolatility': req.targetVolatility, 'consensus.buyThreshold': req.buyThreshold },
        ...(req.walkForward ? { walkForward: req.walkForward } : {}),
        ...(req.from ? { fromMs: Date.parse(req.from) } : {}),
        ...(req.to ? { toMs: Date.parse(req.to) } : {}),
        ...(req.keepDecisions ? { keepDecisions: true } : {}),
      };
      const runId = await new Promise<number>((resolve, reject) => {
        const onCreated = (id: number) => {
          resolve(id);
          runsChanged();
        };
        runSweep(spec, {
          workers,
          runs: open(),
          label: req.files.join(', '),
          now: () => kernel.clock.now(),
          onCreated,
          onProgress: runsChanged,
        })
          .catch((err: Error) => {
            kernel.options.log.error({ err: err.message }, 'backtest failed');
            reject(err);
          })
          .finally(runsChanged);
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
              windows: Array.isArray(r.windows) ? (r.windows as BacktestPoint['windows']) : null,
              restrictions: r.restrictions,
            };
          }),
      ),
  });
}
