import { openDatabase, type Db } from '../agents/store/database.ts';
import { describeStorageFault, isStorageFault } from '../agents/store/open-profile.ts';
import { Journal } from '../agents/store/journal.ts';
import { CliError } from './cli-error.ts';

/** Opened read-only and read once, so a file that is not a profile is one line, not a stack trace. */
export function openReadable(file: string): Db {
  try {
    const db = openDatabase(file, { readonly: true });
    // Reading the head is the first read of the file: a file that is not a profile fails here.
    void new Journal(db).headSeq;
    return db;
  } catch (err) {
    if (isStorageFault(err) || (err as { code?: string }).code === 'SQLITE_ERROR') throw new CliError(describeStorageFault(err, file), 1);
    throw err;
  }
}
