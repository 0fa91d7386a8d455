import Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import { InstrumentDetailsSchema, type InstrumentDetails } from '../../shared/domain/instrument-details.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS instruments (
    id TEXT PRIMARY KEY, con_id INTEGER NOT NULL, details TEXT NOT NULL, resolved_at INTEGER NOT NULL
  );`;

/**
 * The instruments resolved through IB (`quorum instruments add`), in `instruments.sqlite` beside
 * the profile's journal: reference data rather than the audit trail, so the CLI may write it while
 * a session runs (as with `backtests.sqlite`). A session's IB instruments take their contract id,
 * currency and minimum tick from here.
 */
export class InstrumentStore {
  private readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  static open(file: string): InstrumentStore {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    return new InstrumentStore(db);
  }

  /** The store's file for the profile whose journal is `journalFile`. */
  static fileBeside(journalFile: string): string {
    return join(dirname(journalFile), 'instruments.sqlite');
  }

  /** The store of the profile whose journal is `journalFile`. */
  static besideJournal(journalFile: string): InstrumentStore {
    return InstrumentStore.open(InstrumentStore.fileBeside(journalFile));
  }

  /** Keeps (or replaces) an instrument's details under its id. */
  save(details: InstrumentDetails): void {
    const checked = InstrumentDetailsSchema.parse(details);
    this.db
      .prepare('INSERT OR REPLACE INTO instruments (id, con_id, details, resolved_at) VALUES (?, ?, ?, ?)')
      .run(checked.id, checked.conId, JSON.stringify(checked), checked.resolvedAt);
  }

  get(id: string): InstrumentDetails | null {
    const row = this.db.prepare('SELECT details FROM instruments WHERE id = ?').get(id) as { details: string } | undefined;
    return row ? this.parse(row.details) : null;
  }

  list(): InstrumentDetails[] {
    return (this.db.prepare('SELECT details FROM instruments ORDER BY id').all() as { details: string }[]).flatMap((r) => {
      const d = this.parse(r.details);
      return d ? [d] : [];
    });
  }

  close(): void {
    this.db.close();
  }

  /** A row this build cannot read (written by a newer one, or damaged) counts as not resolved. */
  private parse(text: string): InstrumentDetails | null {
    try {
      return InstrumentDetailsSchema.parse(JSON.parse(text));
    } catch {
      return null;
    }
  }
}
