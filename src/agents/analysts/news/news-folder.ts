import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Headline } from '../../../shared/domain/news.ts';
import { parseHeadlinesFile } from '../../../shared/market-data/headlines-file.ts';

/** Whether a folder's file is one the news reads (JSON Lines or CSV). */
export const isHeadlineFile = (name: string): boolean => /\.(jsonl?|csv)$/i.test(name);

/** What one look at the folder found: headlines of files new or grown since, and files that could not be read. */
export interface FolderScan {
  headlines: Headline[];
  problems: string[];
}

/**
 * A folder of headline files (JSONL or CSV) that grows: each look reads the files that are new or
 * have changed since the last look, once their size has held still for one look (a file still
 * being written is left for the next). A file that is re-read gives its old headlines again; the
 * news analyst counts each story once. A bad file is said once per version, with its line and
 * field, and the rest of the folder is read.
 */
export class NewsFolder {
  readonly dir: string;
  /** Per file: the size last seen, and whether that version was read. */
  private readonly files = new Map<string, { size: number; mtimeMs: number; read: boolean }>();

  constructor(dir: string) {
    this.dir = dir;
  }

  scan(): FolderScan {
    const out: FolderScan = { headlines: [], problems: [] };
    let names: string[];
    try {
      names = readdirSync(this.dir).filter(isHeadlineFile).sort();
    } catch (err) {
      out.problems.push(`the news folder ${this.dir} cannot be read: ${(err as Error).message}`);
      return out;
    }
    for (const name of names) {
      const file = join(this.dir, name);
      let stat;
      try {
        stat = statSync(file);
      } catch {
        continue; // gone between the listing and now
      }
      const known = this.files.get(name);
      const same = known && known.size === stat.size && known.mtimeMs === stat.mtimeMs;
      if (same && known.read) continue;
      if (!same) {
        // New or changed: read it once it holds still.
        this.files.set(name, { size: stat.size, mtimeMs: stat.mtimeMs, read: false });
        continue;
      }
      known.read = true;
      const parsed = parseHeadlinesFile(readFileSync(file, 'utf8'), name);
      if (parsed.ok) out.headlines.push(...parsed.value.headlines);
      else out.problems.push(`${file}: ${parsed.error}`);
    }
    return out;
  }
}
