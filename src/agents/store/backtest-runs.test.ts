import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BacktestRuns, type ResultRow } from './backtest-runs.ts';
import { tempDir } from './store-fixtures.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);

const metrics = { totalReturn: 0.1, cagr: 0.02, volatility: 0.1, sharpe: 0.5, sortino: 0.6, maxDrawdown: 0.2, calmar: 0.1, trades: 3 };
const result = (over: Partial<ResultRow> = {}): ResultRow => ({
  runId: 1,
  point: 0,
  params: { 'optimizer.targetVolatility': 0.1 },
  metrics,
  benchmark: metrics,
  windows: null,
  curve: [],
  trades: [],
  restrictions: [],
  ...over,
});

describe('the runs database', () => {
  it('keeps when a breaker restricted a run', () => {
    const runs = BacktestRuns.open(tmp.file('runs.sqlite'));
    const id = runs.create('sweep', 'sp500-2000.csv', {}, 1, 0);
    const restriction = {
      state: 'REDUCING' as const,
      at: '2001-09-18T00:00:00.000Z',
      reason: 'No price for REPLAY:X for 604800 s while a position is open',
    };
    runs.addResult(result({ runId: id, restrictions: [restriction] }));
    expect(runs.results(id)[0]!.restrictions).toEqual([restriction]);
    runs.close();
  });

  it('adds the restrictions column to a runs database written before it existed, keeping its results', () => {
    const file = tmp.file('old-runs.sqlite');
    const old = new Database(file);
    old.exec(`
      CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, label TEXT NOT NULL, spec TEXT NOT NULL,
        status TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL,
        created_at INTEGER NOT NULL, finished_at INTEGER);
      CREATE TABLE run_results (run_id INTEGER NOT NULL REFERENCES runs(id), point INTEGER NOT NULL, params TEXT NOT NULL, metrics TEXT NOT NULL,
        benchmark TEXT NOT NULL, windows TEXT NOT NULL, curve TEXT NOT NULL, trades TEXT NOT NULL DEFAULT '[]', PRIMARY KEY (run_id, point));
      INSERT INTO runs (kind, label, spec, status, total, created_at) VALUES ('backtest', 'old', '{}', 'done', 1, 0);
      INSERT INTO run_results VALUES (1, 0, '{}', '${JSON.stringify(metrics)}', 'null', 'null', '[]', '[]');`);
    old.close();
    const runs = BacktestRuns.open(file);
    expect(runs.results(1)).toEqual([{ ...result({ params: {}, benchmark: null }), restrictions: [] }]);
    runs.close();
  });

  it('shows a run whose process ended before it finished as interrupted, not running for ever', () => {
    const file = tmp.file('orphans.sqlite');
    const runs = BacktestRuns.open(file);
    const mine = runs.create('sweep', 'mine', {}, 4, 0);
    const orphan = runs.create('sweep', 'orphan', {}, 4, 0);
    // The pid of a process that has ended: a sweep stopped with Ctrl+C, an engine killed mid-run.
    const ended = spawnSync(process.execPath, ['-e', '']).pid!;
    const db = new Database(file);
    db.prepare('UPDATE runs SET owner_pid = ? WHERE id = ?').run(ended, orphan);
    db.close();
    expect(runs.get(orphan)).toMatchObject({ status: 'interrupted', finishedAt: null });
    expect(runs.list().map((r) => [r.id, r.status])).toEqual([
      [orphan, 'interrupted'],
      [mine, 'running'],
    ]);
    runs.close();
  });
});
