import { existsSync, writeFileSync } from 'node:fs';
import { htmlReport } from '../../agents/backtest/html-report.ts';
import type { Metrics } from '../../agents/backtest/metrics.ts';
import { prepareBatchModels, runBacktest, shortPeriodNote, withThrowawayJournal } from '../../agents/backtest/run-backtest.ts';
import { fileURLToPath } from 'node:url';
import { tradesCsv } from '../../agents/backtest/trades-csv.ts';
import { CliError } from '../cli-error.ts';
import { checkOutputFile, parseOptions } from '../cli-options.ts';
import { progressBar } from '../progress-bar.ts';
import { scoreHeadlinesWithModel } from '../../agents/inference/headline-predictions.ts';
import { dateOption, loadInputs, loadNews, readConfigOption, requireModelFiles, warnWeightsWithoutVoter } from './backtest-options.ts';
import { percentFigure } from '../../shared/math/percent-figure.ts';

const DEFAULT_MODEL = fileURLToPath(new URL('../../../resources/models/quorum-default.onnx', import.meta.url));

const USAGE =
  'usage: quorum backtest --input FILE.csv [--input FILE2.csv …] [--config FILE.json] [--from DATE] [--to DATE] [--json] [--report FILE.html] [--trades FILE.csv] [--db FILE.sqlite] [--model FILE.onnx …] [--default-model] [--news FILE.jsonl|FILE.csv [--news-model FILE.onnx]]';

/** `quorum backtest`: the kernel in backtest mode over one or more bars CSVs; metrics against buy-and-hold. */
export async function runBacktestCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    input: { type: 'string', multiple: true },
    config: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean' },
    report: { type: 'string' },
    trades: { type: 'string' },
    db: { type: 'string' },
    model: { type: 'string', multiple: true },
    'default-model': { type: 'boolean' },
    news: { type: 'string' },
    'news-model': { type: 'string' },
  });
  if (!values.input?.length) throw new CliError(USAGE);
  const fromMs = dateOption(values.from, 'from');
  const toMs = dateOption(values.to, 'to');
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) throw new CliError(`--from ${values.from} is after --to ${values.to}`);
  const base = readConfigOption(values.config);
  const models = [
    ...base.models,
    ...(values['default-model'] ? [{ file: DEFAULT_MODEL, status: 'active' as const }] : []),
    ...(values.model ?? []).map((file) => ({ file, status: 'active' as const })),
  ];
  requireModelFiles(models);
  const config = { ...base, models };
  if (values.db && existsSync(values.db)) throw new CliError(`${values.db} exists; a backtest writes its journal into a new database`);
  for (const flag of ['report', 'trades', 'db'] as const) checkOutputFile(values[flag], flag);
  const series = loadInputs(values.input);
  const headlines = values.news ? loadNews(values.news, series) : undefined;
  const newsModel = values['news-model'];
  if (newsModel !== undefined) {
    if (!headlines) throw new CliError('--news-model scores the headlines of --news FILE: give --news too');
    requireModelFiles([{ file: newsModel }]);
  }
  const progress = progressBar('backtest', process.stderr);
  let result;
  try {
    const range = { ...(fromMs !== undefined ? { fromMs } : {}), ...(toMs !== undefined ? { toMs } : {}) };
    const batchModels = await prepareBatchModels({ series, config, ...range });
    const preScored = headlines && newsModel ? await scoreHeadlinesWithModel(newsModel, headlines) : undefined;
    const news = headlines ? { headlines, ...(preScored ? { preScored } : {}) } : undefined;
    warnWeightsWithoutVoter(
      config,
      batchModels.map((b) => b.record.name),
      news !== undefined,
    );
    const run = (db: { databaseFile?: string; scratch?: boolean }) =>
      runBacktest({ batchModels, series, config, ...range, ...db, ...(news ? { news } : {}), onProgress: progress.update });
    // Without --db the journal is thrown away: in memory for a short run, a scratch file for a long one.
    result = values.db ? run({ databaseFile: values.db }) : withThrowawayJournal(series, run);
  } catch (err) {
    progress.done();
    throw new CliError((err as Error).message);
  }
  progress.done();
  if (values.report) writeFileSync(values.report, htmlReport(result, `Backtest of ${series.map((s) => s.name).join(', ')}`));
  if (values.trades) writeFileSync(values.trades, tradesCsv(result.fills));
  if (values.json) {
    console.log(JSON.stringify({ ...result.metrics, benchmark: result.benchmark, run: result.run }, null, 2));
  } else {
    console.log(summary(result.metrics, result.benchmark, result.run));
  }
  for (const [flag, file] of [
    ['report', values.report],
    ['trades', values.trades],
    ['db', values.db],
  ] as const)
    if (file) console.error(`wrote the ${flag === 'db' ? 'journal' : flag} to ${file}`);
  return 0;
}

function summary(m: Metrics, b: Metrics, run: ReturnType<typeof runBacktest>['run']): string {
  const pct = (x: number | null) => (x === null ? '—' : `${percentFigure(x, 2)} %`);
  const num = (x: number | null) => (x === null ? '—' : x.toFixed(2));
  const rows: [string, string, string][] = [
    ['total return', pct(m.totalReturn), pct(b.totalReturn)],
    ['CAGR', pct(m.cagr), pct(b.cagr)],
    ['volatility', pct(m.volatility), pct(b.volatility)],
    ['Sharpe', num(m.sharpe), num(b.sharpe)],
    ['Sortino', num(m.sortino), num(b.sortino)],
    ['max drawdown', pct(m.maxDrawdown), pct(b.maxDrawdown)],
    ['Calmar', num(m.calmar), num(b.calmar)],
    ['trades', String(m.trades), String(b.trades)],
    ['hit rate', pct(m.hitRate), pct(b.hitRate)],
    ['turnover / year', num(m.turnover), num(b.turnover)],
    ['fees', num(m.fees), num(b.fees)],
    ['exposure', pct(m.exposure), pct(b.exposure)],
  ];
  const lines = [
    `${run.instruments.join(', ')}  ${run.from} → ${run.to}  (${run.periods} periods, ${run.periodsPerYear}/year)`,
    `${'metric'.padEnd(16)}${'strategy'.padStart(12)}${'buy & hold'.padStart(14)}`,
    ...rows.map(([k, a, c]) => `${k.padEnd(16)}${a.padStart(12)}${c.padStart(14)}`),
    `${run.decisions} decisions (votes: ${Object.entries(run.signalsByAgent)
      .map(([id, n]) => `${id} ${n}`)
      .join(', ')}); journal ${run.journalRows} rows, head ${run.journalHead.slice(0, 16)}…`,
  ];
  const short = shortPeriodNote(run);
  if (short) lines.push(short);
  if (run.resumes === 0) {
    if (run.reducing)
      lines.push(`REDUCING from ${run.reducing.at}: ${run.reducing.reason} (after that, only orders that reduce a position)`);
    if (run.halted) lines.push(`HALTED at ${run.halted.at}: ${run.halted.reason}`);
  } else {
    if (run.reducing) lines.push(`REDUCING first at ${run.reducing.at}: ${run.reducing.reason}`);
    if (run.halted) lines.push(`HALTED first at ${run.halted.at}: ${run.halted.reason}`);
    lines.push(`resumed ${run.resumes} time${run.resumes === 1 ? '' : 's'}, each at a new day's first bar (resumeAfterBreaker: next-day)`);
  }
  return lines.join('\n');
}
