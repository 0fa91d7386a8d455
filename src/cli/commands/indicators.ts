import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import { IndicatorSet, INDICATOR_COLUMNS } from '../../shared/indicators/indicator-set.ts';
import { parseBarsCsv } from '../../shared/market-data/bars-csv.ts';
import { CliError } from '../cli-error.ts';
import { checkOutputFile, parseOptions } from '../cli-options.ts';

/** The columns `quorum indicators` writes after `date` (VWAP is intraday-only and left out). */
export const CSV_COLUMNS = INDICATOR_COLUMNS.filter((c) => c !== 'vwap');
const CSV_INDEX = CSV_COLUMNS.map((c) => INDICATOR_COLUMNS.indexOf(c));
const DAY_MS = 86_400_000;

const formatValue = (x: number) => (Number.isNaN(x) ? '' : String(Number(x.toPrecision(12))));
const formatDate = (ts: number, daily: boolean) => (daily ? new Date(ts).toISOString().slice(0, 10) : new Date(ts).toISOString());

/** `quorum indicators --input FILE.csv --out FILE.csv [--lenient]`. */
export function runIndicators(args: string[]): number {
  const { values } = parseOptions(args, { input: { type: 'string' }, out: { type: 'string' }, lenient: { type: 'boolean' } });
  if (!values.input || !values.out) throw new CliError('usage: quorum indicators --input FILE.csv --out FILE.csv [--lenient]');
  if (!existsSync(values.input)) throw new CliError(`no such file: ${values.input}`);
  checkOutputFile(values.out, 'out');
  const parsed = parseBarsCsv(readFileSync(values.input, 'utf8'), 'INPUT' as InstrumentId, { lenient: values.lenient ?? false });
  if (!parsed.ok) throw new CliError(`${values.input}: ${parsed.error}`, 1);
  const { bars, skipped } = parsed.value;
  const daily = bars.every((b) => b.ts % DAY_MS === 0);
  const set = new IndicatorSet();
  const lines = [['date', ...CSV_COLUMNS].join(',')];
  for (const bar of bars) {
    const row = set.update(bar);
    let line = formatDate(bar.ts, daily);
    for (const i of CSV_INDEX) line += ',' + formatValue(row[i]!);
    lines.push(line);
  }
  writeFileSync(values.out, lines.join('\n') + '\n');
  const note = skipped.length
    ? `; skipped ${skipped.length} malformed row${skipped.length === 1 ? '' : 's'} (first: line ${skipped[0]!.line}, ${skipped[0]!.reason})`
    : '';
  console.error(`wrote ${bars.length} rows of ${CSV_COLUMNS.length} indicators to ${values.out}${note}`);
  return 0;
}
