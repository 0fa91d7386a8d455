import { openDatabase, tableNames, type Db } from '../agents/store/database.ts';
import { describeStorageFault, isStorageFault } from '../agents/store/open-profile.ts';
import { Journal } from '../agents/store/journal.ts';
import { SCHEMA_VERSION, schemaVersion } from '../agents/store/migrations.ts';
import { Store } from '../agents/store/store.ts';
import { CliError } from './cli-error.ts';

/**
 * Opened read-only and read once, so a file that is not a profile is one line, not a stack trace. With
 * `upgrade`, a profile from an older build is first brought up to this build's schema (as starting
 * Quorum would) for a command that reads a newer table; `audit verify` leaves a file as it is.
 */
export function openReadable(file: string, options: { upgrade?: boolean } = {}): Db {
  try {
    let db = openDatabase(file, { readonly: true });
    // The first read of the file: one that is not SQLite fails here, one that holds no journal is said.
    const tables = tableNames(db);
    if (!tables.has('journal')) {
      db.close();
      throw new CliError(
        tables.has('run_journal_blocks')
          ? `${file} is where sweeps and backtests are listed (backtests.sqlite), not a journal: a run's kept decisions are verified and exported with quorum runs show ID --decisions FILE.csv`
          : `${file} holds no journal: it is neither a Quorum profile (quorum.sqlite) nor a backtest's --db`,
        1,
      );
    }
    // Reading its head reads the journal itself: a damaged one fails here, in one line.
    void new Journal(db).headSeq;
    if (options.upgrade && schemaVersion(db) < SCHEMA_VERSION) {
      db.close();
      Store.open(file).close();
      db = openDatabase(file, { readonly: true });
    }
    return db;
  } catch (err) {
    if (isStorageFault(err) || (err as { code?: string }).code === 'SQLITE_ERROR') throw new CliError(describeStorageFault(err, file), 1);
    throw err;
  }
}
