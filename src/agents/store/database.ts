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

/** The names of the file's tables (the first read of a file: one that is not SQLite fails here). */
export function tableNames(db: Db): Set<string> {
  return new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection (projections run on every journaled event). */
export function statement(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}
