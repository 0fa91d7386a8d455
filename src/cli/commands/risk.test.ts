import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../agents/store/store-fixtures.ts';
import { runCli } from '../run-cli.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);
const SP500 = fileURLToPath(new URL('../../../resources/data/sp500-2000.csv', import.meta.url));

describe('quorum risk var', () => {
  it('prints { method, level, n, var, es } for a date,return CSV', () => {
    const file = join(tmp.dir, 'returns.csv');
    writeFileSync(
      file,
      'date,return\n' +
        [-0.05, -0.03, -0.01, 0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06]
          .map((r, i) => `2024-01-${String(i + 1).padStart(2, '0')},${r}`)
          .join('\n'),
    );
    const run = runCli(['risk', 'var', '--input', file, '--level', '0.9', '--method', 'historical', '--json']);
    // Ten returns hold one beyond a 90 % level: enough, no warning. At 99 % they hold none.
    expect(run.stderr).toBe('');
    expect(runCli(['risk', 'var', '--input', file, '--json']).stderr).toMatch(
      /warning: 10 returns leave no observation in the 1 % tail \(a 99 % VaR wants at least 100\)/,
    );
    const r = JSON.parse(run.stdout);
    expect(Object.keys(r)).toEqual(['method', 'level', 'n', 'var', 'es']);
    expect(r).toMatchObject({ method: 'historical', level: 0.9, n: 10 });
    expect(r.var).toBeCloseTo(0.032, 12);
    expect(r.es).toBeCloseTo(0.05, 12);
  });

  it('takes returns from the closes of a bars CSV (the bundled S&P 500: 5,104 daily returns)', () => {
    const hist = JSON.parse(runCli(['risk', 'var', '--input', SP500, '--json']).stdout);
    const para = JSON.parse(runCli(['risk', 'var', '--input', SP500, '--method', 'parametric', '--json']).stdout);
    const mc = JSON.parse(runCli(['risk', 'var', '--input', SP500, '--method', 'montecarlo', '--json']).stdout);
    expect(hist.n).toBe(5104);
    // Fat tails: the 99 % historical VaR and ES of daily S&P 500 returns exceed the Gaussian ones.
    expect(hist.var).toBeGreaterThan(0.03);
    expect(hist.var).toBeLessThan(0.045);
    expect(hist.es).toBeGreaterThan(para.es);
    expect(Math.abs(mc.var - para.var) / para.var).toBeLessThan(0.03);
  });

  it('says what is wrong with bad input', () => {
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, 'date,return\n2024-01-01,0.01\n2024-01-02,abc\n');
    expect(runCli(['risk', 'var', '--input', bad]).stderr).toContain('line 3, return: "abc" is not a return above -1');
    expect(runCli(['risk', 'var', '--input', bad, '--level', '99']).stderr).toContain('--level must be between 0 and 1');
    // An empty cell had been read as a return of 0, and hex as a number.
    writeFileSync(bad, 'date,return\n2024-01-01,0.01\n2024-01-02,\n');
    expect(runCli(['risk', 'var', '--input', bad]).stderr).toContain('line 3, return: "" is not a return above -1');
    writeFileSync(bad, 'date,return\n2024-01-01,0x0\n');
    expect(runCli(['risk', 'var', '--input', bad]).stderr).toContain('line 2, return: "0x0" is not a return above -1');
    expect(runCli(['risk', 'var', '--input', bad, '--method', 'magic']).stderr).toContain(
      '--method must be one of historical, parametric, montecarlo',
    );
  });
});
