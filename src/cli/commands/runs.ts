import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Metrics } from '../../agents/backtest/metrics.ts';
import { BacktestRuns, type RunRow } from '../../agents/store/backtest-runs.ts';
import { CliError } from '../cli-error.ts';
import { parseOptions, resolveDataDir } from '../cli-options.ts';
import { exportRunDecisions } from './runs-decisions.ts';
import { linesFormat } from '../lines-format.ts';
import { percentFigure } from '../../shared/math/percent-figure.ts';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${percentFigure(x, 1)}%`);
const num = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(2));

const metricCells = (m: Partial<Metrics>) =>
  `${pct(m.totalReturn).padStart(9)}${pct(m.cagr).padStart(8)}${num(m.sharpe).padStart(8)}${pct(m.maxDrawdown).padStart(8)}${String(m.trades ?? '—').padStart(8)}`;

/** Runs side by side: one line per grid point with its parameters and its metrics against buy-and-hold (and a walk-forward's windows). */
export function formatRunTable(list: readonly RunRow[], runs: BacktestRuns): string {
  const head = `${'run'.padEnd(6)}${'params'.padEnd(44)}${'return'.padStart(9)}${'CAGR'.padStart(8)}${'Sharpe'.padStart(8)}${'maxDD'.padStart(8)}${'trades'.padStart(8)}${'B&H ret'.padStart(9)}${'B&H Shp'.padStart(9)}`;
  const lines = [head];
  for (const run of list) {
    for (const r of runs.results(run.id)) {
      const m = r.metrics as Partial<Metrics> & { error?: string };
      const b = (r.benchmark ?? {}) as Partial<Metrics>;
      const params =
        Object.entries(r.params)
          .map(([k, v]) => `${k.split('.').at(-1)}=${v}`)
          .join(' ') || '(config)';
      if (m.error) lines.push(`${String(run.id).padEnd(6)}${params.slice(0, 43).padEnd(44)}failed: ${m.error}`);
      else
        lines.push(
          `${String(run.id).padEnd(6)}${params.slice(0, 43).padEnd(44)}${metricCells(m)}${pct(b.totalReturn).padStart(9)}${num(b.sharpe).padStart(9)}`,
        );
      for (const x of r.restrictions) lines.push(`${''.padEnd(6)}  ${x.state} from ${x.at.slice(0, 10)}: ${x.reason}`);
      // A walk-forward point: each test window's own out-of-sample figures under it.
      if (!m.error && Array.isArray(r.windows))
        for (const w of r.windows as { testFrom: string; testTo: string; metrics: Metrics }[])
          lines.push(`${''.padEnd(6)}${`  test ${w.testFrom} → ${w.testTo}`.padEnd(44)}${metricCells(w.metrics)}`);
    }
  }
  return lines.join('\n');
}

const USAGE =
  'usage: quorum runs list [--data DIR] [--json] | quorum runs compare ID [ID …] [--data DIR] [--json] | quorum runs show ID [--decisions FILE.csv|FILE.jsonl [--format csv|jsonl]] [--data DIR] [--json]';

/** `quorum runs list | compare ID [ID …] | show ID [--decisions FILE]`: stored backtest, sweep and walk-forward runs. */
export function runRuns(args: string[]): number {
  const [sub, ...rest] = args;
  const { values, positionals } = parseOptions(rest, {
    data: { type: 'string' },
    json: { type: 'boolean' },
    decisions: { type: 'string' },
    format: { type: 'string' },
  });
  if ((values.decisions || values.format) && sub !== 'show') throw new CliError(`--decisions is for quorum runs show RUN; ${USAGE}`);
  const file = join(resolveDataDir(values.data), 'backtests.sqlite');
  if (!existsSync(file)) throw new CliError(`no runs yet (${file} does not exist); start one with quorum sweep`, 1);
  const runs = BacktestRuns.open(file);
  try {
    if (sub === 'list') {
      const list = runs.list();
      if (values.json) {
        console.log(JSON.stringify(list, null, 2));
        return 0;
      }
      const line = (id: string, kind: string, status: string, done: string, started: string, data: string) =>
        `${id.padEnd(5)} ${kind.padEnd(13)} ${status.padEnd(11)} ${done.padEnd(10)} ${started.padEnd(20)} ${data}`;
      console.log(line('run', 'kind', 'status', 'jobs done', 'started (UTC)', 'data'));
      for (const r of list)
        console.log(
          line(String(r.id), r.kind, r.status, `${r.done}/${r.total}`, new Date(r.createdAt).toISOString().slice(0, 19), r.label),
        );
      return 0;
    }
    if (sub === 'show') {
      if (positionals.length !== 1) throw new CliError(USAGE);
      const run = runs.get(Number(positionals[0]));
      if (!run) throw new CliError(`no run ${positionals[0]}; see quorum runs list`, 1);
      if (values.decisions) {
        const file = resolve(values.decisions);
        const { decisions, journals } = exportRunDecisions(runs, run, file, linesFormat(file, values.format, '--decisions'));
        console.error(
          `${decisions.toLocaleString('en-US')} decisions of run ${run.id} (${journals.length} journal${journals.length === 1 ? '' : 's'}, each chain verified) written to ${file}`,
        );
        return 0;
      }
      if (values.format) throw new CliError('--format goes with --decisions FILE');
      const journals = runs.journals(run.id);
      if (values.json) {
        console.log(
          JSON.stringify({ ...run, results: runs.results(run.id).map(({ curve: _, trades: __, ...x }) => x), journals }, null, 2),
        );
        return 0;
      }
      console.log(formatRunTable([run], runs));
      console.log(
        journals.length
          ? `decisions kept: ${journals.map((j) => `point ${j.point}${run.kind === 'walk-forward' ? ` window ${j.window}` : ''} ${j.records.toLocaleString('en-US')} records, head ${j.head.slice(0, 12)}`).join('; ')}\nexport them with quorum runs show ${run.id} --decisions FILE.csv|FILE.jsonl`
          : 'decisions not kept (quorum sweep … --keep-decisions keeps them)',
      );
      return 0;
    }
    if (sub === 'compare') {
      if (!positionals.length) throw new CliError('usage: quorum runs compare ID [ID …] [--data DIR] [--json]');
      const list = positionals.map((p) => {
        const run = runs.get(Number(p));
        if (!run) throw new CliError(`no run ${p}; see quorum runs list`, 1);
        return run;
      });
      if (values.json)
        console.log(
          JSON.stringify(
            list.map((r) => ({ ...r, results: runs.results(r.id).map(({ curve: _, trades: __, ...x }) => x) })),
            null,
            2,
          ),
        );
      else console.log(formatRunTable(list, runs));
      return 0;
    }
    throw new CliError(USAGE);
  } finally {
    runs.close();
  }
}
