import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { Store } from './store.ts';
import { tempDir } from './store-fixtures.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('migrations', () => {
  it('creates the schema in WAL mode and records its version', () => {
    const db = openDatabase(tmp.file('a.sqlite'));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['journal', 'trading_state', 'agent_checkpoints', 'bars', 'settings', 'sessions']));
    db.close();
  });

  it('keeps data across reopening and does not migrate twice', () => {
    const file = tmp.file('b.sqlite');
    const store = Store.open(file);
    store.record({ type: 'TradingStateChanged', tsEvent: 1, tsInit: 1, source: 't', from: 'ACTIVE', to: 'HALTED', reason: 'kept' });
    store.close();
    const again = Store.open(file);
    expect(again.tradingState()).toEqual({ state: 'HALTED', reason: 'kept', changedAt: 1 });
    expect(again.journal.headSeq).toBe(1);
    again.close();
  });

  it('refuses a database written by a newer Quorum, with a clear message', () => {
    const file = tmp.file('c.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(`database schema ${SCHEMA_VERSION + 1} is newer than this build understands`);
  });

  it('opens read-only without creating or migrating anything', () => {
    expect(() => openDatabase(tmp.file('missing.sqlite'), { readonly: true })).toThrow();
  });
});
