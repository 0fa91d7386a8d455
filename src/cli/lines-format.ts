import { extname } from 'node:path';
import { CliError } from './cli-error.ts';

/** What an export writes: CSV, or one JSON value a line. */
export type LinesFormat = 'csv' | 'jsonl';

const BY_EXTENSION: Record<string, LinesFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/** `--format` when given, else the file's extension (.csv; .jsonl or .ndjson); `flag` is the option that named the file. */
export function linesFormat(file: string, format: string | undefined, flag: string): LinesFormat {
  if (format !== undefined) {
    if (format === 'csv' || format === 'jsonl') return format;
    throw new CliError('--format must be csv or jsonl');
  }
  const byExtension = BY_EXTENSION[extname(file).toLowerCase()];
  if (byExtension) return byExtension;
  throw new CliError(`${flag} ${file}: name a .csv or .jsonl file, or say --format csv|jsonl`);
}
