import { z } from 'zod';
import { OptimizerMethodSchema } from '../domain/consensus.ts';
import { defineContract } from './contract.ts';
import { HISTORY_BAR_SIZE_KEYS, HISTORY_WHAT } from '../market-data/history-download.ts';

const MetricsSchema = z.object({
  totalReturn: z.number(),
  cagr: z.number(),
  volatility: z.number(),
  sharpe: z.number().nullable(),
  sortino: z.number().nullable(),
  maxDrawdown: z.number(),
  calmar: z.number().nullable(),
  trades: z.number(),
  hitRate: z.number().nullable(),
  turnover: z.number(),
  fees: z.number(),
  exposure: z.number(),
});
export type BacktestMetrics = z.infer<typeof MetricsSchema>;

export const BacktestRunSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['backtest', 'sweep', 'walk-forward']),
  label: z.string(),
  status: z.enum(['running', 'done', 'failed', 'interrupted']),
  done: z.number().int(),
  failed: z.number().int(),
  total: z.number().int(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  /** Whether the run kept its decisions (`quorum runs show ID --decisions FILE` exports them). */
  decisionsKept: z.boolean().optional(),
});
export type BacktestRun = z.infer<typeof BacktestRunSchema>;

export const BacktestPointSchema = z.object({
  runId: z.number().int(),
  point: z.number().int(),
  params: z.record(z.string(), z.unknown()),
  metrics: MetricsSchema.nullable(),
  benchmark: MetricsSchema.nullable(),
  error: z.string().nullable(),
  curve: z.array(z.tuple([z.number(), z.number(), z.number()])),
  trades: z.array(z.tuple([z.number(), z.string(), z.enum(['buy', 'sell']), z.number(), z.number()])),
  /** A walk-forward point's test windows, each with its own out-of-sample metrics (null otherwise). */
  windows: z.array(z.object({ testFrom: z.string(), testTo: z.string(), metrics: MetricsSchema })).nullable(),
  /** When a breaker restricted (REDUCING) or stopped (HALTED) the run, and why: nobody resumes a backtest. */
  restrictions: z.array(z.object({ state: z.enum(['REDUCING', 'HALTED']), at: z.string(), reason: z.string() })),
});
export type BacktestPoint = z.infer<typeof BacktestPointSchema>;

const DataFileSchema = z.object({
  name: z.string(),
  source: z.enum(['bundled', 'imported']),
  bars: z.number().int(),
  from: z.string(),
  to: z.string(),
  intervalMs: z.number().int().positive(),
});
export type DataFileInfo = z.infer<typeof DataFileSchema>;

export const HistoryDownloadRequestSchema = z
  .object({
    symbol: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.]{1,12}$/, 'a symbol is 1 to 12 letters, digits or dots (AAPL, BRK.B)')
      .transform((s) => s.toUpperCase()),
    exchange: z.string().trim().min(1).max(20).default('SMART'),
    currency: z.string().trim().length(3).default('USD'),
    bar: z.enum(HISTORY_BAR_SIZE_KEYS),
    what: z.enum(HISTORY_WHAT).default('TRADES'),
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD'),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD'),
  })
  .strict();
export type HistoryDownloadRequest = z.output<typeof HistoryDownloadRequestSchema>;

/** A download from IB as the Backtests view shows it: where it is, and why it stopped if it did. */
export const HistoryDownloadSchema = z.object({
  name: z.string(),
  symbol: z.string(),
  bar: z.enum(HISTORY_BAR_SIZE_KEYS),
  from: z.string(),
  to: z.string(),
  state: z.enum(['connecting', 'running', 'done', 'failed']),
  page: z.number().int(),
  pages: z.number().int(),
  bars: z.number().int(),
  error: z.string().nullable(),
});
export type HistoryDownload = z.infer<typeof HistoryDownloadSchema>;

const numbers = z.array(z.number().finite()).min(1).max(10);

/** Backtests from the UI: bundled or imported data, settings (lists make a grid), optional walk-forward; runs and results. */
export const backtestsContract = defineContract('backtests', {
  inputs: {
    input: z.object({}).strict(),
    output: z.array(DataFileSchema),
  },
  /** A CSV of bars from the trader's machine (sent through `uploads`), checked row by row, kept beside the journal. */
  importData: {
    input: z.object({ uploadId: z.string().min(1) }).strict(),
    output: DataFileSchema,
  },
  /** Deletes an imported data file (bundled ones stay); runs already recorded keep their results. */
  removeData: { input: z.object({ name: z.string().min(1).max(200) }).strict(), output: z.object({ removed: z.string() }) },
  start: {
    input: z
      .object({
        files: z.array(z.string().min(1)).min(1).max(20),
        method: OptimizerMethodSchema,
        targetVolatility: numbers,
        buyThreshold: numbers,
        from: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
        to: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
        walkForward: z.object({ trainBars: z.number().int().min(300), testBars: z.number().int().min(20) }).optional(),
        /** Resume at each later day's first bar after a breaker (`resumeAfterBreaker: next-day`); off: never. */
        resumeNextDay: z.boolean().optional(),
        /** Keep each grid point's journal, for `quorum runs show ID --decisions FILE` (~50 MB per 100,000 bars). */
        keepDecisions: z.boolean().optional(),
      })
      .strict(),
    output: z.object({ runId: z.number().int() }),
  },
  runs: { input: z.object({}).strict(), output: z.array(BacktestRunSchema) },
  results: { input: z.object({ runIds: z.array(z.number().int()).min(1).max(10) }).strict(), output: z.array(BacktestPointSchema) },
  /**
   * Bars from Interactive Brokers into a data file (as `quorum data download`), where the profile's
   * IB settings point: answered at once with the file's name; the progress is the `downloads` view.
   */
  download: { input: HistoryDownloadRequestSchema, output: z.object({ name: z.string() }) },
  downloads: { input: z.object({}).strict(), output: z.array(HistoryDownloadSchema) },
});
