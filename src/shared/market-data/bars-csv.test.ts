import { describe, expect, it } from 'vitest';
import type { InstrumentId } from '../domain/instrument.ts';
import { parseBarsCsv, parseTimestamp } from './bars-csv.ts';

const X = 'X' as InstrumentId;

describe('bars CSV', () => {
  it('takes headers in any case, extra columns, epoch seconds, milliseconds and ISO date-times', () => {
    expect(parseTimestamp('1700000000')).toBe(1_700_000_000_000);
    expect(parseTimestamp('1700000000000')).toBe(1_700_000_000_000);
    expect(parseTimestamp('2024-01-02 09:30:00')).toBe(Date.UTC(2024, 0, 2, 9, 30));
    expect(parseTimestamp('2024-01-02T09:30:00-05:00')).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(parseTimestamp('yesterday')).toBeNull();
    const r = parseBarsCsv('Symbol,TIMESTAMP,Open,High,Low,Close,Volume\nX,1700000000,1,2,0.5,1.5,10\nX,1700000060,1.5,2,1,1.2,0\n', X);
    expect(r).toMatchObject({
      ok: true,
      value: {
        intervalMs: 60_000,
        bars: [
          { ts: 1_700_000_000_000, close: 1.5 },
          { ts: 1_700_000_060_000, volume: 0 },
        ],
      },
    });
  });

  it.each([
    ['2024-01-02,1,2,0.5,NaN,10', 'line 3, close: "NaN" is not a number'],
    ['2024-01-02,1,2,0.5,1.5,-1', 'line 3, volume: -1 must be ≥ 0'],
    ['2024-01-02,0,2,0.5,1.5,1', 'line 3, open: 0 must be > 0'],
    ['2024-01-02,1,1.2,0.5,1.5,1', 'line 3, high: 1.2 is below the open, close or low'],
    ['2024-01-02,1,2,1.1,1.5,1', 'line 3, low: 1.1 is above the open or close'],
    [
      '2024-01-01,1,2,0.5,1.5,1',
      'line 3, date: "2024-01-01" is not after the previous row (the file runs newest first? Quorum reads bars oldest first: sort it by date)',
    ],
    ['soon,1,2,0.5,1.5,1', 'line 3, date: "soon" is not an ISO date or epoch time'],
  ])('stops at a malformed row with its line and field: %s', (row, message) => {
    expect(parseBarsCsv(`date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,1\n${row}\n`, X)).toEqual({ ok: false, error: message });
  });

  it('skips malformed rows in lenient mode and says which', () => {
    const r = parseBarsCsv(
      'date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,1\n2024-01-02,x,2,0.5,1.5,1\n2024-01-03,1,2,0.5,1.5,1\n',
      X,
      { lenient: true },
    );
    expect(r).toMatchObject({ ok: true, value: { skipped: [{ line: 3, reason: 'open: "x" is not a number' }] } });
    if (r.ok) expect(r.value.bars).toHaveLength(2);
  });

  it('refuses what Number() would have taken: hex, binary, Infinity, extra fields, impossible dates, absurd prices', () => {
    const file = (row: string) => parseBarsCsv(`date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,10\n${row}\n`, X);
    expect(file('2024-01-02,0x10,2,0.5,1.5,10')).toEqual({ ok: false, error: 'line 3, open: "0x10" is not a number' });
    expect(file('2024-01-02,1,0b10,0.5,1.5,10')).toEqual({ ok: false, error: 'line 3, high: "0b10" is not a number' });
    expect(file('2024-01-02,1,Infinity,0.5,1.5,10')).toEqual({ ok: false, error: 'line 3, high: "Infinity" is not a number' });
    expect(file('2024-01-02,1,2,0.5,1.5,10,7')).toEqual({
      ok: false,
      error: 'line 3, 7 fields where the header has 6 (a stray comma, or a shifted column?)',
    });
    expect(file('2024-04-31,1,2,0.5,1.5,10')).toEqual({
      ok: false,
      error: 'line 3, date: "2024-04-31" is not an ISO date or epoch time',
    });
    expect(parseTimestamp('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseTimestamp('2023-02-29')).toBeNull();
    expect(file('2024-01-02,1e308,1e308,1e308,1e308,10')).toEqual({
      ok: false,
      error: 'line 3, open: 1e+308 is outside the prices accepted (1e-8 to 1000000000000)',
    });
    expect(file('2024-01-02,1e-300,1,1e-300,1,10')).toMatchObject({
      ok: false,
      error: expect.stringContaining('outside the prices accepted'),
    });
    expect(file('2024-01-02,1,2,0.5,1.5,1e20')).toMatchObject({
      ok: false,
      error: expect.stringContaining('volume: 100000000000000000000 is above'),
    });
    expect(file('2024-01-02,1.25,2,.5,1.5E0,10')).toMatchObject({ ok: true });
  });

  it('refuses a file without the needed columns', () => {
    expect(parseBarsCsv('when,open\n', X)).toEqual({ ok: false, error: 'line 1: no date, time or timestamp column in the header' });
    expect(parseBarsCsv('', X)).toEqual({ ok: false, error: 'the file is empty' });
    expect(parseBarsCsv('\n  \n', X)).toEqual({ ok: false, error: 'the file is empty' });
    expect(parseBarsCsv('date,open,close\n', X)).toEqual({ ok: false, error: 'line 1: the header has no high, low, volume column' });
    expect(parseBarsCsv('Date;Open;High;Low;Close;Volume\n2024-01-01;1;2;0.5;1.5;1\n', X)).toEqual({
      ok: false,
      error: 'line 1: no date, time or timestamp column in the header (columns are separated by commas; this header uses semicolons)',
    });
  });

  it('says which row goes back in time further down a file that runs forward', () => {
    const r = parseBarsCsv(
      'date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,1\n2024-01-03,1,2,0.5,1.5,1\n2024-01-02,1,2,0.5,1.5,1\n',
      X,
    );
    expect(r).toEqual({ ok: false, error: 'line 4, date: "2024-01-02" is not after the previous row' });
  });
});
