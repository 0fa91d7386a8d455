import Database from 'better-sqlite3';
import { decodeBlock, type JournalBlock } from './block-chain.ts';
import type { Journalable } from './journal.ts';
import { blockOfRow, type RawBlock } from './journal-blocks.ts';

export interface RunRow {
  id: number;
  kind: 'backtest' | 'sweep' | 'walk-forward';
  label: string;
  spec: unknown;
  /** `interrupted`: the process running it ended before it finished (closed, killed, crashed). */
  status: 'running' | 'done' | 'failed' | 'interrupted';
  done: number;
  failed: number;
  total: number;
  createdAt: number;
  finishedAt: number | null;
  /** Whether it kept any grid point's journal (`keepDecisions`). */
  decisionsKept: boolean;
}

export interface ResultRow {
  runId: number;
  point: number;
  params: Record<string, unknown>;
  metrics: unknown;
  benchmark: unknown;
  windows: unknown;
  /** Equity curve, downsampled: [ts, equity, benchmark][]. */
  curve: [number, number, number][];
  /** The fills (single runs only, at most 2,000): [ts, instrument, side, quantity, price]. */
  trades: [number, string, 'buy' | 'sell', number, number][];
  /** When a breaker restricted (REDUCING) or stopped (HALTED) the run, and why; a walk-forward's over all its test windows. */
  restrictions: Restriction[];
}

export interface KeptJournal {
  point: number;
  window: number;
  records: number;
  head: string;
}

export interface Restriction {
  state: 'REDUCING' | 'HALTED';
  at: string;
  reason: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, label TEXT NOT NULL, spec TEXT NOT NULL,
    status TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL,
    created_at INTEGER NOT NULL, finished_at INTEGER
  );
  CREATE TABLE IF NOT EXISTS run_results (
    run_id INTEGER NOT NULL REFERENCES runs(id), point INTEGER NOT NULL, params TEXT NOT NULL, metrics TEXT NOT NULL,
    benchmark TEXT NOT NULL, windows TEXT NOT NULL, curve TEXT NOT NULL, trades TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (run_id, point)
  );
  CREATE TABLE IF NOT EXISTS run_journal_blocks (
    run_id INTEGER NOT NULL REFERENCES runs(id), point INTEGER NOT NULL, window INTEGER NOT NULL, idx INTEGER NOT NULL,
    first_seq INTEGER NOT NULL, count INTEGER NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, bytes BLOB NOT NULL,
    PRIMARY KEY (run_id, point, window, idx)
  );`;
const SELECT_RUNS = 'SELECT *, EXISTS (SELECT 1 FROM run_journal_blocks j WHERE j.run_id = runs.id) AS decisions_kept FROM runs';

/** Columns added since the first schema, for run databases that already exist. */
const ADDED_COLUMNS = [
  ['run_results', 'restrictions', "TEXT NOT NULL DEFAULT '[]'"],
  ['runs', 'owner_pid', 'INTEGER'],
] as const;

/** Whether a process with this pid is alive (signal 0 only checks; EPERM means it exists under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Backtest, sweep and walk-forward runs with their progress and metrics, in `backtests.sqlite` beside
 * the profile's journal: research results, not the audit trail, so they live apart from the
 * engine's single-writer file and the CLI and the engine may both record runs.
 */
export class BacktestRuns {
  private readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  static open(file: string): BacktestRuns {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    for (const [table, column, type] of ADDED_COLUMNS) {
      const has = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === column);
      if (!has) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
    }
    return new BacktestRuns(db);
  }

  create(kind: RunRow['kind'], label: string, spec: unknown, total: number, now: number): number {
    return Number(
      this.db
        .prepare("INSERT INTO runs (kind, label, spec, status, total, created_at, owner_pid) VALUES (?, ?, ?, 'running', ?, ?, ?)")
        .run(kind, label, JSON.stringify(spec), total, now, process.pid).lastInsertRowid,
    );
  }

  progress(id: number, done: number, failed: number): void {
    this.db.prepare('UPDATE runs SET done = ?, failed = ? WHERE id = ?').run(done, failed, id);
  }

  addResult(r: ResultRow): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO run_results (run_id, point, params, metrics, benchmark, windows, curve, trades, restrictions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        r.runId,
        r.point,
        JSON.stringify(r.params),
        JSON.stringify(r.metrics),
        JSON.stringify(r.benchmark),
        JSON.stringify(r.windows),
        JSON.stringify(r.curve),
        JSON.stringify(r.trades),
        JSON.stringify(r.restrictions),
      );
  }

  /**
   * A grid point's journal as its backtest chained it (`quorum sweep --keep-decisions`): a walk-forward
   * keeps one per test window (`window` 0, 1, …), a single run's is window 0.
   */
  addJournal(runId: number, point: number, window: number, blocks: readonly JournalBlock[]): void {
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO run_journal_blocks (run_id, point, window, idx, first_seq, count, prev_hash, hash, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const b of blocks) insert.run(runId, point, window, b.index, b.firstSeq, b.count, b.prevHash, b.hash, b.bytes);
    })();
  }

  /** The journals a run kept, in order: each grid point's (and test window's), with its records and its head (last block's hash). */
  journals(runId: number): KeptJournal[] {
    return this.db
      .prepare(
        `SELECT point, window, SUM(count) AS records,
           (SELECT hash FROM run_journal_blocks b WHERE b.run_id = a.run_id AND b.point = a.point AND b.window = a.window ORDER BY idx DESC LIMIT 1) AS head
         FROM run_journal_blocks a WHERE run_id = ? GROUP BY point, window ORDER BY point, window`,
      )
      .all(runId) as KeptJournal[];
  }

  *journalBlocks(runId: number, point: number, window: number): Generator<JournalBlock> {
    const rows = this.db
      .prepare('SELECT * FROM run_journal_blocks WHERE run_id = ? AND point = ? AND window = ? ORDER BY idx')
      .iterate(runId, point, window) as Iterable<RawBlock>;
    for (const r of rows) yield blockOfRow(r);
  }

  /** A kept journal's records, decoded block by block. */
  *journalRecords(runId: number, point: number, window: number): Generator<Journalable> {
    for (const b of this.journalBlocks(runId, point, window)) yield* decodeBlock(b.bytes);
  }

  finish(id: number, status: 'done' | 'failed', now: number): void {
    this.db.prepare('UPDATE runs SET status = ?, finished_at = ? WHERE id = ?').run(status, now, id);
  }

  /**
   * Marks as interrupted the runs still shown running whose process has ended — a sweep stopped with
   * Ctrl+C, an engine killed or restarted mid-run — so that nobody waits on them. (A pid the system
   * has since given to another process keeps its run "running" until that one ends too.)
   */
  private settleOrphans(): void {
    const running = this.db.prepare("SELECT id, owner_pid FROM runs WHERE status = 'running'").all() as {
      id: number;
      owner_pid: number | null;
    }[];
    // When it ended is not known: finished_at stays empty.
    const mark = this.db.prepare("UPDATE runs SET status = 'interrupted' WHERE id = ? AND status = 'running'");
    for (const r of running) if (r.owner_pid === null || (r.owner_pid !== process.pid && !alive(r.owner_pid))) mark.run(r.id);
  }

  list(limit = 50): RunRow[] {
    this.settleOrphans();
    return (this.db.prepare(`${SELECT_RUNS} ORDER BY id DESC LIMIT ?`).all(limit) as RawRun[]).map(toRun);
  }

  get(id: number): RunRow | null {
    this.settleOrphans();
    const row = this.db.prepare(`${SELECT_RUNS} WHERE id = ?`).get(id) as RawRun | undefined;
    return row ? toRun(row) : null;
  }

  results(runId: number): ResultRow[] {
    return (this.db.prepare('SELECT * FROM run_results WHERE run_id = ? ORDER BY point').all(runId) as RawResult[]).map((r) => ({
      runId: r.run_id,
      point: r.point,
      params: JSON.parse(r.params) as Record<string, unknown>,
      metrics: JSON.parse(r.metrics) as unknown,
      benchmark: JSON.parse(r.benchmark) as unknown,
      windows: JSON.parse(r.windows) as unknown,
      curve: JSON.parse(r.curve) as ResultRow['curve'],
      trades: JSON.parse(r.trades) as ResultRow['trades'],
      restrictions: JSON.parse(r.restrictions) as Restriction[],
    }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

interface RawRun {
  id: number;
  kind: RunRow['kind'];
  label: string;
  spec: string;
  status: RunRow['status'];
  done: number;
  failed: number;
  total: number;
  created_at: number;
  finished_at: number | null;
  decisions_kept: number;
}
interface RawResult {
  run_id: number;
  point: number;
  params: string;
  metrics: string;
  benchmark: string;
  windows: string;
  curve: string;
  trades: string;
  restrictions: string;
}

function toRun(r: RawRun): RunRow {
  return {
    id: r.id,
    kind: r.kind,
    label: r.label,
    spec: JSON.parse(r.spec) as unknown,
    status: r.status,
    done: r.done,
    failed: r.failed,
    total: r.total,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    decisionsKept: r.decisions_kept === 1,
  };
}
