import { describe, expect, it } from 'vitest';
import type { InstrumentId } from '../domain/instrument.ts';
import { BarColumns } from './bar-columns.ts';
import { parseBarColumns, parseBarsCsv } from './bars-csv.ts';

/** Three years of daily bars, 2007 to 2009, as a data vendor writes them. */
const SP500 = [
  'date,open,high,low,close,volume',
  ...Array.from({ length: 3 * 365 }, (_, i) => {
    const close = 1000 + 100 * Math.sin(i / 20);
    const open = 1000 + 100 * Math.sin((i - 1) / 20);
    return `${new Date(Date.UTC(2007, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},${open.toFixed(2)},${(Math.max(open, close) + 5).toFixed(2)},${(Math.min(open, close) - 5).toFixed(2)},${close.toFixed(2)},${1000 + i}`;
  }),
].join('\n');
const ID = 'REPLAY:SP500' as InstrumentId;

describe('BarColumns', () => {
  const parsed = parseBarColumns(SP500, ID);
  if (!parsed.ok) throw new Error(parsed.error);
  const columns = parsed.value.columns;

  it('holds the same bars as the objects parseBarsCsv gives, and gives them back', () => {
    const objects = parseBarsCsv(SP500, ID);
    if (!objects.ok) throw new Error(objects.error);
    expect(columns.length).toBe(objects.value.bars.length);
    expect(columns.toArray()).toEqual(objects.value.bars);
    expect([...columns.slice(10, 13)]).toEqual(objects.value.bars.slice(10, 13));
    expect(BarColumns.fromBars(objects.value.bars).toArray()).toEqual(objects.value.bars);
    expect(columns.intervalMs).toBe(86_400_000);
  });

  it('cuts a period as a view, both ends inclusive, either end open', () => {
    const from = Date.UTC(2008, 0, 1);
    const to = Date.UTC(2008, 11, 31);
    const year = columns.between(from, to);
    const expected = columns.toArray().filter((b) => b.ts >= from && b.ts <= to);
    expect(year.toArray()).toEqual(expected);
    expect(year.close.buffer).toBe(columns.close.buffer);
    expect(columns.between(undefined, columns.ts[4]).length).toBe(5);
    expect(columns.between(columns.ts[columns.length - 2]).length).toBe(2);
    expect(columns.between(Date.UTC(2030, 0, 1)).length).toBe(0);
    expect(columns.between()).toBe(columns);
  });

  it('reads a file whose lines end in CRLF, skips blank lines, and names a bad line by its number', () => {
    const crlf = parseBarColumns('date,open,high,low,close,volume\r\n2020-01-02,1,2,1,2,10\r\n\r\n2020-01-03,2,3,2,3,10\r\n', ID);
    expect(crlf.ok && crlf.value.columns.toArray().map((b) => b.close)).toEqual([2, 3]);
    const bad = parseBarColumns('date,open,high,low,close,volume\n2020-01-02,1,2,1,2,10\n\n2020-01-03,2,x,2,3,10\n', ID);
    expect(bad).toEqual({ ok: false, error: 'line 4, high: "x" is not a number' });
  });
});
