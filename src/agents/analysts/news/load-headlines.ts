import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseHeadlinesFile, type HeadlinesFileResult } from '../../../shared/market-data/headlines-file.ts';

/** A headlines file from disk (JSONL or CSV), or why not, the file named in the reason. */
export function loadHeadlinesFile(file: string): HeadlinesFileResult {
  if (!existsSync(file)) return { ok: false, error: `no such file: ${file}` };
  if (statSync(file).isDirectory())
    return { ok: false, error: `${file} is a folder: give one headlines file (a folder is watched by quorum serve only)` };
  const parsed = parseHeadlinesFile(readFileSync(file, 'utf8'), file);
  return parsed.ok ? parsed : { ok: false, error: `${file}: ${parsed.error}` };
}
