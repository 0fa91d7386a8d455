import { existsSync, readFileSync } from 'node:fs';
import { BacktestConfigSchema, parseBacktestConfig, type BacktestConfig } from '../../agents/backtest/backtest-config.ts';
import { weightsWithoutVoter } from '../../agents/backtest/run-backtest.ts';
import { loadBarSeries, type BarSeries } from '../../agents/venues/simulated/load-replay.ts';
import { CliError } from '../cli-error.ts';
import type { Headline } from '../../shared/domain/news.ts';
import { loadHeadlinesFile } from '../../agents/analysts/news/load-headlines.ts';

/** --from / --to: a date like 2010-01-31 (or a full ISO time), as ms. */
export function dateOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) throw new CliError(`--${name} must be a date like 2010-01-31, got "${value}"`);
  return ms;
}

/** --config FILE.json, or the defaults. */
export function readConfigOption(file: string | undefined): BacktestConfig {
  if (!file) return BacktestConfigSchema.parse({});
  if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
  const parsed = parseBacktestConfig(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new CliError(parsed.error);
  return parsed.value;
}

/** Every --input file's bars; the first bad one stops with its file and line. */
export function loadInputs(files: readonly string[]): BarSeries[] {
  return files.map((file) => {
    if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
    const loaded = loadBarSeries(file);
    // A malformed file exits 1, as in `quorum indicators`; a wrong option or a missing file, 2.
    if (!loaded.ok) throw new CliError(loaded.error, 1);
    return loaded.value;
  });
}

/**
 * The headlines of `--news FILE` (JSONL or CSV), with a note on stderr of how many were read, how
 * many were the same story again, and how many are about none of the run's instruments.
 */
export function loadNews(file: string, series: readonly BarSeries[]): Headline[] {
  const parsed = loadHeadlinesFile(file);
  if (!parsed.ok) throw new CliError(parsed.error, 1);
  const { headlines, duplicates } = parsed.value;
  const names = new Set(series.flatMap((s) => [s.instrument.symbol.toUpperCase(), s.instrument.id.toUpperCase()]));
  const unrelated = headlines.filter((h) => !h.symbols.some((x) => x === '*' || names.has(x))).length;
  console.error(
    `news: ${headlines.length} headline(s) from ${file}` +
      (duplicates.length
        ? `; ${duplicates.length} left out as the same story again (line ${duplicates[0]!.line} repeats line ${duplicates[0]!.of})`
        : '') +
      (unrelated ? `; ${unrelated} about none of ${series.map((s) => s.instrument.symbol).join(', ')}` : ''),
  );
  return headlines;
}

/** Refuses, before any work, a configured model file that is not there. */
export function requireModelFiles(models: readonly { file: string }[]): void {
  for (const m of models) if (!existsSync(m.file)) throw new CliError(`no such model file: ${m.file}`);
}

/** Warns, on stderr, of starting weights that name no agent voting in the run (a misspelt id, a model not loaded). */
export function warnWeightsWithoutVoter(config: BacktestConfig, modelNames: readonly string[], withNews = false): void {
  const { unknown, voters } = weightsWithoutVoter(config, modelNames, withNews);
  for (const id of unknown)
    console.error(`quorum: warning: consensus.weights names ${id}, which does not vote in this run (the voters: ${voters.join(', ')})`);
}
