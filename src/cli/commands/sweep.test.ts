import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'quorum-sweep-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SP500 = new URL('../../../resources/data/sp500-2000.csv', import.meta.url).pathname;
const MODEL = new URL('../../../resources/models/quorum-default.onnx', import.meta.url).pathname;

describe('quorum sweep and quorum runs', () => {
  it('runs a grid on worker threads, stores it, and compares runs side by side', () => {
    const a = runCli([
      'sweep',
      '--input',
      SP500,
      '--from',
      '2005-01-01',
      '--to',
      '2009-12-31',
      '--grid',
      'optimizer.targetVolatility=0.05,0.15',
      '--data',
      dir,
      '--json',
      '--workers',
      '2',
    ]);
    expect(a.code, a.stderr).toBe(0);
    const json = JSON.parse(a.stdout);
    expect(json.kind).toBe('sweep');
    expect(json.points.map((p: { params: object }) => p.params)).toEqual([
      { 'optimizer.targetVolatility': 0.05 },
      { 'optimizer.targetVolatility': 0.15 },
    ]);
    expect(json.points.every((p: { metrics: { sharpe: unknown } }) => 'sharpe' in p.metrics)).toBe(true);
    const b = runCli([
      'sweep',
      '--input',
      SP500,
      '--from',
      '2003-01-01',
      '--to',
      '2009-12-31',
      '--walk-forward',
      '500,250',
      '--data',
      dir,
      '--workers',
      '2',
    ]);
    expect(b.code, b.stderr).toBe(0);
    const list = runCli(['runs', 'list', '--data', dir]);
    expect(list.stdout).toMatch(/^run\s+kind\s+status\s+jobs done\s+started \(UTC\)\s+data$/m);
    expect(list.stdout).toMatch(/^2\s+walk-forward\s+done/m);
    expect(list.stdout).toMatch(/^1\s+sweep\s+done\s+2\/2/m);
    const compared = runCli(['runs', 'compare', '1', '2', '--data', dir]);
    expect(compared.code).toBe(0);
    expect(compared.stdout.split('\n').filter((l) => /^[12]\s/.test(l))).toHaveLength(3);
    expect(compared.stdout).toContain('targetVolatility=0.05');
    // The walk-forward's test windows each get a line of their own figures.
    const stored = JSON.parse(runCli(['runs', 'compare', '2', '--data', dir, '--json']).stdout);
    const windowLines = compared.stdout.split('\n').filter((l) => /^\s+test \d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d\s+-?\d/.test(l));
    expect(windowLines.length).toBe(stored[0].results[0].windows.length);
    expect(windowLines.length).toBeGreaterThanOrEqual(5);
  });

  it('says what is wrong with a bad grid, window, model, weight or run id', () => {
    expect(runCli(['sweep', '--input', SP500, '--grid', 'optimizer.method=magic', '--data', dir]).stderr).toMatch(
      /grid optimizer\.method=magic: optimizer\.method/,
    );
    expect(runCli(['sweep', '--input', SP500, '--grid', 'nonsense', '--data', dir]).stderr).toMatch(/expected PATH=V1,V2/);
    const misspelt = runCli(['sweep', '--input', SP500, '--grid', 'consensus.buyTreshold=0.1,0.2', '--data', dir]);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toMatch(/grid consensus\.buyTreshold=0\.1: consensus: .*buyTreshold/);
    expect(runCli(['sweep', '--input', SP500, '--walk-forward', '10,5', '--data', dir]).stderr).toMatch(
      /--walk-forward must be TRAIN,TEST/,
    );
    // Starting weights: one for an agent that does not vote is warned about (the loaded model's is not).
    const config = join(dir, 'weights.json');
    writeFileSync(
      config,
      JSON.stringify({ consensus: { weights: { 'analyst.technicl': 2, 'model.quorum-default': 1 } }, models: [{ file: MODEL }] }),
    );
    const typo = runCli(['sweep', '--input', SP500, '--from', '2019-06-01', '--config', config, '--data', dir]);
    expect(typo.code, typo.stderr).toBe(0);
    expect(typo.stderr).toMatch(
      /warning: consensus\.weights names analyst\.technicl, which does not vote in this run \(the voters: analyst\.technical, analyst\.regime, model\.quorum-default\)/,
    );
    expect(typo.stderr).not.toMatch(/names model\.quorum-default/);
    writeFileSync(config, JSON.stringify({ models: [{ file: join(dir, 'nope.onnx') }] }));
    expect(runCli(['sweep', '--input', SP500, '--config', config, '--data', dir]).stderr).toMatch(/no such model file: .*nope\.onnx/);
    expect(runCli(['runs', 'compare', '99', '--data', dir]).stderr).toMatch(/no run 99/);
    // A --data that is a file: one line from the system's refusal, no stack trace.
    const notFolder = runCli(['sweep', '--input', SP500, '--data', SP500]);
    expect(notFolder.code).toBe(1);
    expect(notFolder.stderr).toMatch(/^quorum: .*sp500-2000\.csv: that is a file, not a folder\n$/);
    expect(runCli(['runs', 'list', '--data', join(dir, 'empty')]).stderr).toMatch(/no runs yet/);
  });
});
