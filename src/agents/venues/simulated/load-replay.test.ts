import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { textLines } from '../../../shared/market-data/bars-csv.ts';
import { tempDir } from '../../store/store-fixtures.ts';
import { fileLines } from './load-replay.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('fileLines', () => {
  it('gives the lines textLines gives, whatever the chunk size: CRLF, blank lines, a multi-byte character cut by a chunk', () => {
    const text = 'date,close\r\n2020-01-02,1\r\n\r\n2020-01-03,2 € ü\n2020-01-06,3\r\n';
    const file = tmp.file('lines.csv');
    writeFileSync(file, text);
    for (const chunk of [1, 2, 3, 7, 1 << 20]) expect([...fileLines(file, chunk)], `chunk ${chunk}`).toEqual([...textLines(text)]);
  });
});
