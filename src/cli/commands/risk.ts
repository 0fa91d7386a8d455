import { existsSync, readFileSync } from 'node:fs';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import { parseBarsCsv, parseDecimal } from '../../shared/market-data/bars-csv.ts';
import { valueAtRisk, type VarMethod } from '../../shared/math/value-at-risk.ts';
import { CliError } from '../cli-error.ts';
import { intOption, parseOptions } from '../cli-options.ts';

const METHODS: VarMethod[] = ['historical', 'parametric', 'montecarlo'];

/** Simple returns from a bars CSV (from closes) or a `date,return` CSV. */
export function readReturns(file: string): number[] {
  const text = readFileSync(file, 'utf8');
  const header = (text.split(/\r?\n/, 1)[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const col = header.indexOf('return');
  if (col >= 0) {
    return text
      .split(/\r?\n/)
      .slice(1)
      .flatMap((line, i) => {
        if (!line.trim()) return [];
        const value = parseDecimal(line.split(',')[col] ?? '');
        if (value === null || value <= -1)
          throw new CliError(`${file}: line ${i + 2}, return: "${line.split(',')[col]}" is not a return above -1`, 1);
        return [value];
      });
  }
  const parsed = parseBarsCsv(text, 'VAR' as InstrumentId);
  if (!parsed.ok) throw new CliError(`${file}: ${parsed.error}`, 1);
  const closes = parsed.value.bars.map((b) => b.close);
  return closes.slice(1).map((c, i) => c / closes[i]! - 1);
}

/** `quorum risk var --input FILE.csv --level 0.99 --method historical|parametric|montecarlo [--json]`. */
export function runRisk(args: string[]): number {
  const [sub, ...rest] = args;
  if (sub !== 'var')
    throw new CliError(
      'usage: quorum risk var --input FILE.csv [--level 0.99] [--method historical|parametric|montecarlo] [--horizon N] [--seed N] [--json]',
    );
  const { values } = parseOptions(rest, {
    input: { type: 'string' },
    level: { type: 'string' },
    method: { type: 'string' },
    horizon: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.input) throw new CliError('--input FILE.csv is required');
  if (!existsSync(values.input)) throw new CliError(`no such file: ${values.input}`);
  const method = (values.method ?? 'historical') as VarMethod;
  if (!METHODS.includes(method)) throw new CliError(`--method must be one of ${METHODS.join(', ')}`);
  const level = Number(values.level ?? '0.99');
  if (!(level > 0 && level < 1)) throw new CliError(`--level must be between 0 and 1 (e.g. 0.99), got "${values.level}"`);
  const returns = readReturns(values.input);
  let result;
  try {
    result = valueAtRisk(method, returns, level, {
      horizon: intOption(values.horizon, 'horizon', 1, 1, 10_000),
      seed: intOption(values.seed, 'seed', 1, 0, 2 ** 31 - 1),
    });
  } catch (err) {
    throw new CliError((err as Error).message, 1);
  }
  const needed = Math.ceil(1 / (1 - level) - 1e-9);
  if (returns.length < needed)
    console.error(
      `quorum: warning: ${returns.length} returns leave no observation in the ${+((1 - level) * 100).toFixed(4)} % tail (a ${level * 100} % VaR wants at least ${needed}); read the figure as a rough guess`,
    );
  if (values.json) console.log(JSON.stringify(result));
  else
    console.log(
      `${method} VaR at ${level * 100} %: ${(result.var * 100).toFixed(3)} % · expected shortfall ${(result.es * 100).toFixed(3)} % (n = ${result.n}; positive = loss)`,
    );
  return 0;
}
