import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** A fresh temporary directory for one test's SQLite files; `cleanup` removes it. */
export function tempDir(prefix = 'quorum-test-'): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, file: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Flips one bit of a stored blob (a test's tampering), in any SQLite file: `where` picks the row. */
export function flipStoredBit(file: string, table: string, column: string, where: string, byte: number): void {
  const db = new Database(file);
  try {
    const blob = Buffer.from(db.prepare(`SELECT ${column} FROM ${table} WHERE ${where}`).pluck().get() as Uint8Array);
    blob[byte] = blob[byte]! ^ 1;
    db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${where}`).run(blob);
  } finally {
    db.close();
  }
}
