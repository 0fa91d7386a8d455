import { existsSync, readFileSync } from 'node:fs';
import { parseHeadlinesFile, type HeadlinesFileResult } from '../../../shared/market-data/headlines-file.ts';

/** A headlines file from disk (JSONL or CSV), or why not, the file named in the reason. */
export function loadHeadlinesFile(file: string): HeadlinesFileResult {
  if (!existsSync(file)) return { ok: false, error: `no such file: ${file}` };
  const parsed = parseHeadlinesFile(readFileSync(file, 'utf8'), file);
  return parsed.ok ? parsed : { ok: false, error: `${file}: ${parsed.error}` };
}
