import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFiles } from './data-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'quorum-data-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bundled = join(dir, 'bundled');
const imported = join(dir, 'datasets');
mkdirSync(bundled);
writeFileSync(join(bundled, 'index.csv'), 'date,open,high,low,close,volume\n2020-01-02,1,2,0.5,1.5,10\n2020-01-03,1.5,2,1,1.8,12\n');
const GOOD =
  'Date,Open,High,Low,Close,Volume,Extra\n2021-03-01,10,11,9.5,10.5,100,x\n2021-03-02,10.5,11,10,10.8,120,y\n2021-03-03,10.8,11.2,10.6,11,90,z\n';

describe('DataFiles', () => {
  const files = new DataFiles(bundled, imported);

  it('imports a CSV under its name, lists it beside the bundled files and resolves it to a path', () => {
    const r = files.import('acme.csv', GOOD);
    expect(r).toEqual({
      ok: true,
      value: { name: 'acme.csv', source: 'imported', bars: 3, from: '2021-03-01', to: '2021-03-03', intervalMs: 86_400_000 },
    });
    expect(files.summaries().map((f) => [f.name, f.source, f.bars])).toEqual([
      ['index.csv', 'bundled', 2],
      ['acme.csv', 'imported', 3],
    ]);
    const resolved = files.resolve('acme.csv');
    expect(resolved.ok && readFileSync(resolved.path, 'utf8')).toBe(GOOD);
    expect(files.resolve('nope.csv')).toEqual({ ok: false, error: 'nope.csv is not one of the data files (index.csv, acme.csv)' });
  });

  it('refuses a malformed row (line and field named), a taken name, a path and too few bars, writing nothing', () => {
    const before = readdirSync(imported);
    const bad = files.import(
      'bad.csv',
      'date,open,high,low,close,volume\n2021-03-01,10,11,9.5,10.5,100\n2021-03-02,10.5,abc,10,10.8,120\n',
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^bad\.csv: line 3.*high/);
    expect(files.import('index.csv', GOOD)).toEqual({
      ok: false,
      error: 'index.csv: a data file of that name already exists; rename the file to import it as well',
    });
    expect(files.import('ACME.csv', GOOD).ok).toBe(false);
    const traversal = files.import('../escape.csv', GOOD);
    expect(!traversal.ok && traversal.error).toMatch(/letters, digits/);
    expect(files.import('notes.txt', GOOD).ok).toBe(false);
    expect(files.import('one.csv', 'date,open,high,low,close,volume\n2021-03-01,10,11,9.5,10.5,100\n')).toEqual({
      ok: false,
      error: 'one.csv: a backtest needs at least two bars, the file has 1',
    });
    expect(readdirSync(imported)).toEqual(before);
    expect(existsSync(join(dir, 'escape.csv'))).toBe(false);
    // The file imported before is untouched.
    expect(readFileSync(join(imported, 'acme.csv'), 'utf8')).toBe(GOOD);
  });

  it('removes an imported file on request, never a bundled one', () => {
    expect(files.import('gone.csv', GOOD).ok).toBe(true);
    expect(files.remove('gone.csv')).toEqual({ ok: true });
    expect(files.resolve('gone.csv').ok).toBe(false);
    expect(files.remove('index.csv')).toEqual({ ok: false, error: 'index.csv is bundled with Quorum; only imported files can be removed' });
    expect(existsSync(join(bundled, 'index.csv'))).toBe(true);
    expect(files.remove('never.csv')).toEqual({ ok: false, error: 'never.csv is not one of the data files' });
  });
});
