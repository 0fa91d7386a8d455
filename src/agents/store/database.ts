import Database from 'better-sqlite3';
import { applyMigrations } from './migrations.ts';

export type Db = Database.Database;

/**
 * Opens the profile's SQLite file. The engine opens it writable (WAL, migrations applied); hosts and
 * CLI commands open it read-only and must not migrate it.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    applyMigrations(db);
  }
  db.pragma('busy_timeout = 2000');
  return db;
}
