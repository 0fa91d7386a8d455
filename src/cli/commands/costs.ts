import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { costReport, type CostReport, type CostTotals } from '../../agents/execution/trading-costs.ts';
import { readOrderCosts, readParentCosts } from '../../agents/store/cost-queries.ts';
import { CliError } from '../cli-error.ts';
import { DATABASE_FILE, parseOptions, resolveDataDir } from '../cli-options.ts';
import { openReadable } from '../open-readable.ts';
import { dateOption } from './backtest-options.ts';

const DAY = 86_400_000;
const money = (x: number | null) => (x === null ? '—' : x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const row = (cells: string[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

function table(title: string, head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [title, row(head, widths), ...rows.map((r) => row(r, widths))].join('\n');
}

const totalsCells = (t: CostTotals) => [money(t.fees), money(t.slippageVsDecision), money(t.slippageVsArrival), money(t.shortfall)];
const COST_HEAD = ['fees', 'slip vs decision', 'slip vs arrival', 'shortfall'];

function describe(r: CostReport, dataDir: string, window: string): string {
  if (!r.orders.length) return `no orders in ${dataDir}${window}`;
  const parts = [
    `costs in ${dataDir}${window}: ${r.orders.length} order(s), ${money(r.totals.filledNotional)} filled; a cost is positive`,
    table(
      '\nby agent (a decision shared by the votes that pushed toward it)',
      ['agent', 'decisions', ...COST_HEAD],
      r.agents.map((a) => [a.agentId, String(a.decisions), ...totalsCells(a)]),
    ),
    table('\ntotal', ['', ...COST_HEAD], [['all orders', ...totalsCells(r.totals)]]),
  ];
  if (r.parents.length)
    parts.push(
      table(
        '\nparent orders (algorithms), against their arrival price',
        ['parent', 'algo', 'side', 'quantity', 'status', 'slip bp', 'shortfall', 'fees'],
        r.parents.map((p) => [
          p.parentId,
          p.algo,
          p.side,
          String(p.quantity),
          p.completed?.status ?? 'working',
          p.completed?.slippageBps === null || !p.completed ? '—' : p.completed.slippageBps.toFixed(2),
          money(p.completed?.implementationShortfall ?? null),
          money(p.completed?.fees ?? null),
        ]),
      ),
    );
  return parts.join('\n');
}

/**
 * `quorum costs [--from DATE] [--to DATE] [--json] [--data DIR]`: what trading cost, from the
 * profile's journal (read-only, beside a running server): per agent and in total, the parent orders;
 * `--json` adds every order and decision. `--to` is inclusive (a date means to its end).
 */
export function runCosts(args: string[]): number {
  const { values } = parseOptions(args, {
    data: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean' },
  });
  const dataDir = resolveDataDir(values.data);
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) throw new CliError(`no journal at ${file}; start Quorum once or pass --data DIR`);
  const from = dateOption(values.from, 'from') ?? 0;
  const toDate = dateOption(values.to, 'to');
  const to = toDate === undefined ? Number.MAX_SAFE_INTEGER : /^\d{4}-\d{2}-\d{2}$/.test(values.to!) ? toDate + DAY - 1 : toDate;
  if (to < from) throw new CliError('--to is before --from');
  const db = openReadable(file);
  try {
    const report = costReport(readOrderCosts(db, from, to), readParentCosts(db, from, to));
    const window = values.from || values.to ? ` from ${values.from ?? 'the start'} to ${values.to ?? 'now'}` : '';
    console.log(values.json ? JSON.stringify(report, null, 2) : describe(report, dataDir, window));
    return 0;
  } finally {
    db.close();
  }
}
