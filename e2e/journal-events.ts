import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliAsync } from '../src/cli/run-cli.ts';

/** The payloads of one type of event in a profile's journal, as `quorum audit export` writes them. */
export async function journalEvents<T>(dataDir: string, type: string): Promise<T[]> {
  const out = join(dataDir, `journal-${type}.jsonl`);
  const r = await runCliAsync(['audit', 'export', '--format', 'jsonl', '--out', out, '--data', dataDir]);
  if (r.code !== 0) throw new Error(`audit export failed: ${r.stderr}`);
  return readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; payload: string })
    .filter((row) => row.type === type)
    .map((row) => JSON.parse(row.payload) as T);
}
