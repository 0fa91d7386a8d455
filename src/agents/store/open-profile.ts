import { checkOpenedProfile, checkProfileFileBeforeOpen } from './profile-check.ts';
import { Store } from './store.ts';

/** SQLite's answer for a full disk, a file it cannot use, or I/O it could not do. */
const STORAGE_CODES = new Set(['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CANTOPEN', 'SQLITE_READONLY']);

export function isStorageFault(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  // Extended codes (SQLITE_IOERR_WRITE) count as their primary code.
  return typeof code === 'string' && (code === 'ENOSPC' || STORAGE_CODES.has(code.replace(/^(SQLITE_[A-Z]+?)(_[A-Z_]+)?$/, '$1')));
}

/** One sentence for the trader, naming the file: "disk full" said plainly. */
export function describeStorageFault(err: unknown, file: string): string {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC')
    return `disk full: no space left to write ${file}; free some space (the engine is started again within a minute)`;
  if (code.startsWith('SQLITE_NOTADB'))
    return `${file} is not a Quorum profile (not a SQLite database); move it away or restore it from a backup`;
  if (code.startsWith('SQLITE_CORRUPT')) return `${file} is damaged (${(err as Error).message}); restore it from a backup`;
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'))
    return `cannot write ${file} (${(err as Error).message}); check the folder's permissions`;
  return `cannot use ${file}: ${(err as Error).message}`;
}

/**
 * Opens the engine's profile only if it is sound (profile-check.ts); otherwise calls `refuse` with
 * what is wrong. Nothing is written to a profile that fails a check.
 */
export function openCheckedProfile(file: string, refuse: (reason: string) => never): Store {
  const before = checkProfileFileBeforeOpen(file);
  if (before) refuse(before);
  let store: Store;
  try {
    store = Store.open(file);
  } catch (err) {
    if (isStorageFault(err)) refuse(describeStorageFault(err, file));
    throw err;
  }
  let problem: string | null;
  try {
    problem = checkOpenedProfile(store.db, store.journal, file);
  } catch (err) {
    store.close();
    if (isStorageFault(err)) refuse(describeStorageFault(err, file));
    throw err;
  }
  if (problem) {
    store.close();
    refuse(problem);
  }
  return store;
}
