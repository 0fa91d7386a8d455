import type { JournalRow } from '../../shared/contracts/audit.contract.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import type { Db } from './database.ts';
import { GENESIS_HASH, rowHash } from './chain.ts';

/** What the engine hands the journal: a message with its envelope fields. */
export interface Journalable {
  type: string;
  tsEvent: number;
  tsInit: number;
  source: string;
  decisionId?: string | undefined;
}

interface RawRow {
  seq: number;
  ts_event: number;
  ts_init: number;
  type: string;
  source: string;
  decision_id: string | null;
  payload: string;
  prev_hash: string;
  hash: string;
}

const toRow = (r: RawRow): JournalRow => ({
  seq: r.seq,
  tsEvent: r.ts_event,
  tsInit: r.ts_init,
  type: r.type,
  source: r.source,
  decisionId: r.decision_id,
  payload: r.payload,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/**
 * The append-only, SHA-256 chained audit log. Each row's hash covers its contents and the previous
 * row's hash, so editing any stored byte breaks the chain at that row. Call `append` inside the
 * transaction that also updates the projections the message changes.
 */
export class Journal {
  private readonly db: Db;
  private readonly insert;
  private lastSeq: number;
  private lastHash: string;

  constructor(db: Db) {
    this.db = db;
    this.insert = db.prepare(
      'INSERT INTO journal (seq, ts_event, ts_init, type, source, decision_id, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.lastSeq = 0;
    this.lastHash = GENESIS_HASH;
    this.reload();
  }

  /**
   * Takes the head from the file again. The head advances as rows are inserted, before their
   * transaction commits; after a rollback (a constraint, a full disk) the rows are gone, and the
   * next row must chain to what was committed, or the chain has a gap.
   */
  reload(): void {
    const last = this.db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined;
    this.lastSeq = last?.seq ?? 0;
    this.lastHash = last?.hash ?? GENESIS_HASH;
  }

  get headSeq(): number {
    return this.lastSeq;
  }

  /** The newest row's hash: one value that fingerprints the whole chain. */
  get headHash(): string {
    return this.lastHash;
  }

  append(message: Journalable): JournalRow {
    const row = {
      seq: this.lastSeq + 1,
      tsEvent: message.tsEvent,
      tsInit: message.tsInit,
      type: message.type,
      source: message.source,
      decisionId: message.decisionId ?? null,
      payload: canonicalJson(message),
      prevHash: this.lastHash,
    };
    return this.appendRow({ ...row, hash: rowHash(row) });
  }

  /** Appends a row whose hash was computed elsewhere (import); the caller has verified the chain. */
  appendRow(row: JournalRow): JournalRow {
    this.insert.run(row.seq, row.tsEvent, row.tsInit, row.type, row.source, row.decisionId, row.payload, row.prevHash, row.hash);
    this.lastSeq = row.seq;
    this.lastHash = row.hash;
    return row;
  }

  *rows(fromSeq = 1): Generator<JournalRow> {
    const stmt = this.db.prepare('SELECT * FROM journal WHERE seq >= ? ORDER BY seq');
    for (const r of stmt.iterate(fromSeq)) yield toRow(r as RawRow);
  }

  /** Up to `limit` rows after `afterSeq`, in order: for readers that await between pages (no statement stays open). */
  page(afterSeq: number, limit: number): JournalRow[] {
    return (this.db.prepare('SELECT * FROM journal WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as RawRow[]).map(toRow);
  }

  rowAt(seq: number): JournalRow | null {
    const r = this.db.prepare('SELECT * FROM journal WHERE seq = ?').get(seq) as RawRow | undefined;
    return r ? toRow(r) : null;
  }

  recent(limit: number): JournalRow[] {
    return (this.db.prepare('SELECT * FROM journal ORDER BY seq DESC LIMIT ?').all(limit) as RawRow[]).map(toRow);
  }
}
