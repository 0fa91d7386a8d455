import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBarColumns } from '../../shared/market-data/bars-csv.ts';
import type { BarColumns } from '../../shared/market-data/bar-columns.ts';
import { replayInstrument } from '../venues/simulated/paper-market.ts';
import { loadBarSeries } from '../venues/simulated/load-replay.ts';

export interface DataFile {
  name: string;
  source: 'bundled' | 'imported';
  path: string;
}

export interface DataFileSummary {
  name: string;
  source: DataFile['source'];
  bars: number;
  from: string;
  to: string;
  intervalMs: number;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** How many bars, of what interval, from when to when. */
const span = (bars: BarColumns) => ({
  bars: bars.length,
  from: day(bars.ts[0]!),
  to: day(bars.ts[bars.length - 1]!),
  intervalMs: bars.intervalMs,
});
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}\.csv$/i;

/**
 * The bar files backtests may read: the bundled ones and those the trader imported (kept in
 * `importedDir`, one CSV each). A name is unique across both, so a run's label says which file it
 * read; an import never replaces a file.
 */
export class DataFiles {
  private readonly bundledDir: string | undefined;
  private readonly importedDir: string;

  constructor(bundledDir: string | undefined, importedDir: string) {
    this.bundledDir = bundledDir;
    this.importedDir = importedDir;
  }

  list(): DataFile[] {
    const csvs = (dir: string | undefined) =>
      dir && existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => f.toLowerCase().endsWith('.csv'))
            .sort()
        : [];
    return [
      ...csvs(this.bundledDir).map((name) => ({ name, source: 'bundled' as const, path: join(this.bundledDir!, name) })),
      ...csvs(this.importedDir).map((name) => ({ name, source: 'imported' as const, path: join(this.importedDir, name) })),
    ];
  }

  /** Each file (or each of `names`) with its bar count and dates; a file that no longer parses is left out. */
  summaries(names?: readonly string[]): DataFileSummary[] {
    const files = this.list();
    return (names ? files.filter((f) => names.includes(f.name)) : files).flatMap((f) => {
      const loaded = loadBarSeries(f.path);
      if (!loaded.ok) return [];
      const { bars } = loaded.value;
      return [{ name: f.name, source: f.source, ...span(bars) }];
    });
  }

  /** The path of a listed file, or an error naming the files there are. */
  resolve(name: string): { ok: true; path: string } | { ok: false; error: string } {
    const files = this.list();
    const found = files.find((f) => f.name === name);
    return found
      ? { ok: true, path: found.path }
      : { ok: false, error: `${name} is not one of the data files (${files.map((f) => f.name).join(', ') || 'none'})` };
  }

  /**
   * Checks a CSV of bars (every row, as `quorum backtest` reads it) and keeps it under its own name.
   * Refuses a name that is taken, a name that is not a plain `.csv` file name, and any malformed row
   * (line and field named); nothing is written unless the whole file is good.
   */
  import(fileName: string, csv: string): { ok: true; value: DataFileSummary } | { ok: false; error: string } {
    const name = fileName.trim();
    if (!NAME.test(name))
      return {
        ok: false,
        error: `${fileName}: a data file name is letters, digits, '.', '_' or '-' (up to 80), ending in .csv`,
      };
    if (this.list().some((f) => f.name.toLowerCase() === name.toLowerCase()))
      return { ok: false, error: `${name}: a data file of that name already exists; rename the file to import it as well` };
    const parsed = parseBarColumns(csv, replayInstrument(name).id);
    if (!parsed.ok) return { ok: false, error: `${name}: ${parsed.error}` };
    const bars = parsed.value.columns;
    if (bars.length < 2) return { ok: false, error: `${name}: a backtest needs at least two bars, the file has ${bars.length}` };
    mkdirSync(this.importedDir, { recursive: true });
    const target = join(this.importedDir, name);
    // Written beside, then renamed: a crash leaves the old list, never half a file in it.
    writeFileSync(`${target}.partial`, csv);
    renameSync(`${target}.partial`, target);
    return { ok: true, value: { name, source: 'imported', ...span(bars) } };
  }

  /** Deletes an imported file; a bundled file or an unknown name is refused. */
  remove(name: string): { ok: true } | { ok: false; error: string } {
    const found = this.list().find((f) => f.name === name);
    if (!found) return { ok: false, error: `${name} is not one of the data files` };
    if (found.source !== 'imported') return { ok: false, error: `${name} is bundled with Quorum; only imported files can be removed` };
    rmSync(found.path);
    return { ok: true };
  }
}
