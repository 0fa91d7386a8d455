import { BlockChainWriter, decodeBlock, type JournalBlock } from './block-chain.ts';
import { tableNames, type Db } from './database.ts';
import type { Journalable } from './journal.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';

/** A block as SQLite returns its row (here and in a sweep's kept journals, `backtest-runs.ts`). */
export interface RawBlock {
  idx: number;
  first_seq: number;
  count: number;
  prev_hash: string;
  hash: string;
  bytes: Uint8Array;
}

export const blockOfRow = (r: RawBlock): JournalBlock => ({
  index: r.idx,
  firstSeq: r.first_seq,
  count: r.count,
  prevHash: r.prev_hash,
  hash: r.hash,
  bytes: r.bytes,
});

export interface BlockRecord {
  seq: number;
  /** The index of the block that holds it, and that block's hashes (a record has none of its own). */
  block: number;
  prevHash: string;
  blockHash: string;
  record: Journalable;
}

/** Records in a block of a backtest's journal: a few thousand, as issue 19's decision 1 asks. */
export const BLOCK_RECORDS = 4_096;

const TABLE =
  'CREATE TABLE IF NOT EXISTS journal_blocks (idx INTEGER PRIMARY KEY, first_seq INTEGER NOT NULL, count INTEGER NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, bytes BLOB NOT NULL)';

/**
 * A backtest's journal in its SQLite file: blocks of records (`block-chain.ts`) in `journal_blocks`,
 * created by the first backtest that writes one (a profile's journal stays one row per event).
 */
export class JournalBlocks {
  private readonly db: Db;

  private constructor(db: Db) {
    this.db = db;
  }

  /** For writing: creates the table. */
  static create(db: Db): JournalBlocks {
    db.exec(TABLE);
    return new JournalBlocks(db);
  }

  /** For reading (a read-only file too): null when the file holds no block. */
  static read(db: Db): JournalBlocks | null {
    if (!tableNames(db).has('journal_blocks') || !db.prepare('SELECT 1 FROM journal_blocks LIMIT 1').get()) return null;
    return new JournalBlocks(db);
  }

  /** A writer whose blocks go into this table, in the caller's transaction. */
  writer(blockRecords = BLOCK_RECORDS): BlockChainWriter {
    const insert = this.db.prepare('INSERT INTO journal_blocks (idx, first_seq, count, prev_hash, hash, bytes) VALUES (?, ?, ?, ?, ?, ?)');
    return new BlockChainWriter(blockRecords, (b) => insert.run(b.index, b.firstSeq, b.count, b.prevHash, b.hash, b.bytes));
  }

  /**
   * Every block in order, each read by its own query: the caller may write to the same connection
   * between two (which `all`'s open cursor forbids).
   */
  *eachApart(): Generator<JournalBlock> {
    const one = this.db.prepare('SELECT * FROM journal_blocks WHERE idx = ?');
    for (let idx = 1; ; idx++) {
      const r = one.get(idx) as RawBlock | undefined;
      if (!r) return;
      yield blockOfRow(r);
    }
  }

  *all(): Generator<JournalBlock> {
    for (const r of this.db.prepare('SELECT * FROM journal_blocks ORDER BY idx').iterate() as Iterable<RawBlock>) yield blockOfRow(r);
  }

  /** Every record in order, decoded, with its seq and its block (its index and hashes). */
  *records(): Generator<BlockRecord> {
    for (const b of this.all()) {
      const records = decodeBlock(b.bytes);
      for (let i = 0; i < records.length; i++)
        yield { seq: b.firstSeq + i, block: b.index, prevHash: b.prevHash, blockHash: b.hash, record: records[i]! };
    }
  }

  /**
   * For the readers that query the journal with SQL (the decision card, costs): every record decoded
   * into a temporary `journal` table on this connection, which SQLite reads before the file's empty
   * one (a read-only connection can write its temporary tables). A record's hash columns hold its
   * block's. Returns the number of records.
   */
  decodeIntoTempJournal(): number {
    this.db.exec(
      'CREATE TEMP TABLE journal (seq INTEGER PRIMARY KEY, ts_event INTEGER NOT NULL, ts_init INTEGER NOT NULL, type TEXT NOT NULL, source TEXT NOT NULL, decision_id TEXT, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)',
    );
    const insert = this.db.prepare('INSERT INTO temp.journal VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    // Read first: better-sqlite3 does not write while a statement iterates on the connection.
    const all = [...this.records()];
    this.db.transaction(() => {
      for (const { seq, record: r, prevHash, blockHash } of all)
        insert.run(seq, r.tsEvent, r.tsInit, r.type, r.source, r.decisionId ?? null, canonicalJson(r), prevHash, blockHash);
    })();
    return all.length;
  }

  get head(): { records: number; blocks: number; hash: string } {
    const last = this.db.prepare('SELECT idx, first_seq, count, hash FROM journal_blocks ORDER BY idx DESC LIMIT 1').get() as
      { idx: number; first_seq: number; count: number; hash: string } | undefined;
    return last ? { records: last.first_seq + last.count - 1, blocks: last.idx, hash: last.hash } : { records: 0, blocks: 0, hash: '' };
  }
}
