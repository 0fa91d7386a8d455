import type { JournalBlock } from './block-chain.ts';
import type { Db } from './database.ts';

interface RawBlock {
  idx: number;
  first_seq: number;
  count: number;
  prev_hash: string;
  hash: string;
  bytes: Uint8Array;
}

/**
 * A backtest journal's blocks in its SQLite file (`journal_blocks`, created on first use: a profile's
 * journal stays one row per event). Read back in order for verifying and decoding.
 */
export class JournalBlocks {
  private readonly db: Db;
  private readonly insert;

  constructor(db: Db) {
    this.db = db;
    db.exec(
      'CREATE TABLE IF NOT EXISTS journal_blocks (idx INTEGER PRIMARY KEY, first_seq INTEGER NOT NULL, count INTEGER NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, bytes BLOB NOT NULL)',
    );
    this.insert = db.prepare('INSERT INTO journal_blocks (idx, first_seq, count, prev_hash, hash, bytes) VALUES (?, ?, ?, ?, ?, ?)');
  }

  add(b: JournalBlock): void {
    this.insert.run(b.index, b.firstSeq, b.count, b.prevHash, b.hash, b.bytes);
  }

  *all(): Generator<JournalBlock> {
    for (const r of this.db.prepare('SELECT * FROM journal_blocks ORDER BY idx').iterate() as Iterable<RawBlock>)
      yield { index: r.idx, firstSeq: r.first_seq, count: r.count, prevHash: r.prev_hash, hash: r.hash, bytes: r.bytes };
  }
}
