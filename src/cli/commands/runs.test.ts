import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BacktestRuns } from '../../agents/store/backtest-runs.ts';
import { flipStoredBit, tempDir } from '../../agents/store/store-fixtures.ts';
import { runCli } from '../run-cli.ts';
import { formatRunTable } from './runs.ts';

const SP500 = new URL('../../../resources/data/sp500-2000.csv', import.meta.url).pathname;

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('quorum runs compare', () => {
  it('prints under a grid point when a breaker restricted or stopped it, and why', () => {
    const runs = BacktestRuns.open(tmp.file('runs.sqlite'));
    const id = runs.create('sweep', 'sp500-2000.csv', {}, 1, 0);
    const m = { totalReturn: 0.1, cagr: 0.02, volatility: 0.1, sharpe: 0.5, sortino: 0.6, maxDrawdown: 0.2, calmar: 0.1, trades: 3 };
    runs.addResult({
      runId: id,
      point: 0,
      params: { 'optimizer.targetVolatility': 0.1 },
      metrics: m,
      benchmark: m,
      windows: null,
      curve: [],
      trades: [],
      restrictions: [
        { state: 'REDUCING', at: '2001-09-18T00:00:00.000Z', reason: 'No price for REPLAY:X for 604800 s while a position is open' },
        { state: 'HALTED', at: '2008-10-10T00:00:00.000Z', reason: 'Drawdown 31 % from the peak is beyond the 30 % limit' },
      ],
    });
    const lines = formatRunTable([runs.get(id)!], runs).split('\n');
    expect(lines[1]).toMatch(/^1\s+targetVolatility=0.1\s+10.0%/);
    expect(lines.slice(2)).toEqual([
      '        REDUCING from 2001-09-18: No price for REPLAY:X for 604800 s while a position is open',
      '        HALTED from 2008-10-10: Drawdown 31 % from the peak is beyond the 30 % limit',
    ]);
    runs.close();
  });
});

describe('quorum runs show RUN --decisions FILE', () => {
  const data = tmp.file('profile');
  const period = ['--input', SP500, '--from', '2004-01-01', '--to', '2009-12-31'];
  const csvRows = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');

  it("exports a sweep's kept decisions as CSV and JSON lines: each point's the same decisions and chain as its own backtest", () => {
    const sweep = runCli([
      'sweep',
      ...period,
      '--grid',
      'optimizer.targetVolatility=0.05,0.15',
      '--keep-decisions',
      '--workers',
      '2',
      '--data',
      data,
    ]);
    expect(sweep.code, sweep.stderr).toBe(0);
    const shown = runCli(['runs', 'show', '1', '--data', data]);
    expect(shown.stdout).toMatch(/^decisions kept: point 0 [\d,]+ records, head [0-9a-f]{12}; point 1 [\d,]+ records, head [0-9a-f]{12}$/m);
    const csv = tmp.file('decisions.csv');
    const jsonl = tmp.file('decisions.jsonl');
    const wrote = runCli(['runs', 'show', '1', '--decisions', csv, '--data', data]);
    expect(wrote.code, wrote.stderr).toBe(0);
    expect(runCli(['runs', 'show', '1', '--decisions', jsonl, '--data', data]).code).toBe(0);
    const [header, ...rows] = csvRows(csv);
    expect(header).toBe(
      'point,window,params,time,instrument,decision_id,action,score,vetoed_by,hold_reason,analyst.technical:direction,analyst.technical:confidence,analyst.technical:weight,target_weight,orders,denied,filled_quantity,fill_price,fees',
    );
    const lines = csvRows(jsonl).map(
      (l) =>
        JSON.parse(l) as {
          point: number;
          decisionId: string;
          filledQuantity: number;
          orders: number;
          targetWeight: number | null;
          votes: unknown[];
        },
    );
    expect(lines.map((l) => l.decisionId)).toEqual(rows.map((r) => r.split(',')[5]));
    expect(lines.every((l) => l.votes.length > 0)).toBe(true);
    expect(wrote.stderr).toContain(`${rows.length.toLocaleString('en-US')} decisions of run 1 (2 journals, each chain verified)`);
    const stored = JSON.parse(runCli(['runs', 'show', '1', '--data', data, '--json']).stdout) as {
      results: { point: number; metrics: { trades: number } }[];
      journals: { point: number; head: string }[];
    };
    for (const [point, vol] of [
      [0, 0.05],
      [1, 0.15],
    ] as const) {
      // The same grid point as a backtest of its own: the same decisions, and the same chain of blocks.
      writeFileSync(tmp.file(`p${point}.json`), JSON.stringify({ optimizer: { targetVolatility: vol } }));
      const alone = runCli([
        'backtest',
        ...period,
        '--config',
        tmp.file(`p${point}.json`),
        '--json',
        '--trades',
        tmp.file(`p${point}.csv`),
      ]);
      expect(alone.code, alone.stderr).toBe(0);
      const run = (JSON.parse(alone.stdout) as { run: { decisions: number; journalHead: string } }).run;
      const mine = lines.filter((l) => l.point === point);
      expect(mine).toHaveLength(run.decisions);
      expect(stored.journals.find((j) => j.point === point)!.head).toBe(run.journalHead);
      // Every fill is counted against its decision: the net quantity equals the run's own fills.
      const fills = csvRows(tmp.file(`p${point}.csv`))
        .slice(1)
        .map((l) => l.split(','));
      expect(mine.reduce((q, l) => q + l.filledQuantity, 0)).toBe(fills.reduce((q, f) => q + (f[2] === 'buy' ? 1 : -1) * Number(f[3]), 0));
      expect(mine.filter((l) => l.filledQuantity !== 0).length).toBeGreaterThan(10);
      // An order follows from the optimizer's target for the decision's instrument.
      expect(mine.filter((l) => l.orders > 0).every((l) => l.targetWeight !== null)).toBe(true);
    }
  }, 60_000);

  it('refuses a run that kept none, a file it cannot name, and a journal that does not verify, writing nothing', () => {
    const none = runCli(['sweep', ...period, '--data', data]);
    expect(none.code, none.stderr).toBe(0);
    const kept = runCli(['runs', 'show', '2', '--decisions', tmp.file('none.csv'), '--data', data]);
    expect(kept.code).toBe(1);
    expect(kept.stderr).toContain('run 2 kept no decisions; a sweep keeps them with --keep-decisions');
    expect(runCli(['runs', 'show', '1', '--decisions', tmp.file('d.xlsx'), '--data', data]).stderr).toContain(
      'name a .csv or .jsonl file, or say --format csv|jsonl',
    );
    expect(runCli(['runs', 'show', '9', '--data', data]).stderr).toContain('no run 9; see quorum runs list');
    // One byte of point 1's first block changed in the runs database.
    flipStoredBit(tmp.file('profile/backtests.sqlite'), 'run_journal_blocks', 'bytes', 'run_id = 1 AND point = 1 AND idx = 1', 100);
    const before = readFileSync(tmp.file('decisions.csv'), 'utf8');
    const broken = runCli(['runs', 'show', '1', '--decisions', tmp.file('decisions.csv'), '--data', data]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(
      "run 1, grid point 1: its journal does not verify: block 1: hash does not match the block's contents; nothing was written",
    );
    expect(readFileSync(tmp.file('decisions.csv'), 'utf8')).toBe(before);
  }, 60_000);
});
