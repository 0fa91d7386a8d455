import { parseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CliError } from './cli-error.ts';

/** parseArgs with errors turned into one clear line. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** --data DIR, else $QUORUM_DATA_DIR, else where the desktop app keeps its data. */
export function resolveDataDir(flag: string | undefined): string {
  const dir = flag ?? process.env['QUORUM_DATA_DIR'];
  if (dir) return resolve(dir);
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Quorum');
  if (process.platform === 'win32') return join(process.env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Quorum');
  return join(process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'Quorum');
}

export function intOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

export const DATABASE_FILE = 'quorum.sqlite';

/**
 * The journal a command reads: a profile's (`--data DIR`, as `resolveDataDir`) or any journal file
 * (`--db FILE`, such as the one `quorum backtest --db` keeps), not both.
 */
export function journalFile(values: { data?: string | undefined; db?: string | undefined }): string {
  if (values.db && values.data) throw new CliError("give --db FILE (a backtest's journal) or --data DIR (a profile), not both");
  return values.db ? resolve(values.db) : join(resolveDataDir(values.data), DATABASE_FILE);
}

/** Refuses a journal file that is not there, saying how to name another. */
export function requireJournalFile(file: string, values: { db?: string | undefined }): void {
  if (!existsSync(file))
    throw new CliError(
      values.db ? `no such file: ${values.db}` : `no journal at ${file}; start Quorum once or pass --data DIR or --db FILE`,
    );
}

/**
 * Refuses an output file whose folder does not exist (or is not a folder), before any work is done:
 * a long backtest should not fail at its end on a misspelt --report path.
 */
export function checkOutputFile(file: string | undefined, flag: string): void {
  if (file === undefined) return;
  const dir = dirname(resolve(file));
  if (!existsSync(dir)) throw new CliError(`--${flag} ${file}: there is no folder ${dir}`);
  if (!statSync(dir).isDirectory()) throw new CliError(`--${flag} ${file}: ${dir} is not a folder`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new CliError(`--${flag} ${file}: that is a folder, not a file`);
}
