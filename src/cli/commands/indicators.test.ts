import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'quorum-indicators-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SP500 = new URL('../../../resources/data/sp500-2000.csv', import.meta.url).pathname;

describe('quorum indicators', () => {
  it('writes one row per bar with the specified columns, empty while warming up', () => {
    const out = join(dir, 'spx.csv');
    const r = runCli(['indicators', '--input', SP500, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('wrote 5105 rows');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('date,sma20,ema20,rsi14,macd,macd_signal,macd_hist,bb_lower,bb_mid,bb_upper,atr14,adx14,obv,stoch_k,stoch_d');
    expect(lines).toHaveLength(5106);
    expect(lines[1]).toBe('2000-01-03,,,,,,,,,,,,931800000,,');
    // Row 20 (first SMA): the mean of the first 20 closes, computed here from the input.
    const closes = readFileSync(SP500, 'utf8')
      .trim()
      .split('\n')
      .slice(1, 21)
      .map((l) => Number(l.split(',')[4]));
    const sma = Number(lines[20]!.split(',')[1]);
    expect(sma).toBeCloseTo(closes.reduce((a, b) => a + b, 0) / 20, 6);
    expect(
      lines
        .at(-1)!
        .split(',')
        .every((cell) => cell !== ''),
    ).toBe(true);
  });

  it('takes epoch seconds and case-insensitive headers, ignores extra columns', () => {
    const input = join(dir, 'epoch.csv');
    writeFileSync(input, 'Note,TIMESTAMP,Open,High,Low,Close,Volume\nx,1700000000,10,11,9,10.5,100\ny,1700000060,10.5,12,10,11,50\n');
    const out = join(dir, 'epoch-out.csv');
    expect(runCli(['indicators', '--input', input, '--out', out]).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[1]!.startsWith('2023-11-14T22:13:20.000Z,')).toBe(true);
    expect(lines[2]!.split(',')[12]).toBe('150');
  });

  it('stops at a malformed row with its line and field; --lenient skips and counts', () => {
    const input = join(dir, 'bad.csv');
    writeFileSync(input, 'date,open,high,low,close,volume\n2024-01-02,10,11,9,10,5\n2024-01-03,10,11,9,NaN,5\n2024-01-04,10,11,9,10,5\n');
    const strict = runCli(['indicators', '--input', input, '--out', join(dir, 'bad-out.csv')]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('line 3, close: "NaN" is not a number');
    const lenient = runCli(['indicators', '--input', input, '--out', join(dir, 'bad-out.csv'), '--lenient']);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain('skipped 1 malformed row');
    expect(readFileSync(join(dir, 'bad-out.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('says where it cannot write, before reading anything, in one line', () => {
    const missing = runCli(['indicators', '--input', SP500, '--out', join(dir, 'no-such-folder', 'x.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^quorum: --out .*x\.csv: there is no folder .*no-such-folder\n$/);
    const folder = runCli(['indicators', '--input', SP500, '--out', dir]);
    expect(folder.stderr).toMatch(/that is a folder, not a file/);
    // Through the backtest's outputs too: the run never starts.
    const report = runCli(['backtest', '--input', SP500, '--report', join(dir, 'nope', 'r.html')]);
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(/--report .*r\.html: there is no folder/);
  });
});
