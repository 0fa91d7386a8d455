import { describe, expect, it } from 'vitest';
import { parseHeadlinesFile, splitCsvLine } from './headlines-file.ts';

const ok = (text: string, name = '') => {
  const r = parseHeadlinesFile(text, name);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const error = (text: string, name = '') => {
  const r = parseHeadlinesFile(text, name);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
};

describe('a headlines file', () => {
  it('reads JSON Lines with symbols as a list or a string, oldest first, ids made up where none are given', () => {
    const v = ok(
      [
        '{"ts": "2024-05-02T20:05:00Z", "headline": "Apple beats estimates", "symbols": ["aapl"], "source": "Wire", "id": "w-1"}',
        '',
        '{"TS": 1714600000, "Headline": "Microsoft and Apple sign deal", "symbols": "MSFT, AAPL"}',
      ].join('\n'),
    );
    expect(v.headlines.map((h) => [h.ts, h.id, h.source, h.symbols])).toEqual([
      [1714600000000, 'file:3', '', ['MSFT', 'AAPL']],
      [Date.UTC(2024, 4, 2, 20, 5), 'w-1', 'Wire', ['AAPL']],
    ]);
  });

  it('reads CSV with quoted headlines that hold commas and quotes', () => {
    const v = ok('time,headline,symbols,source\n2024-05-02 20:05,"Apple beats, raises ""guidance""",AAPL;MSFT,Wire\n', 'news.csv');
    expect(v.headlines[0]).toMatchObject({ headline: 'Apple beats, raises "guidance"', symbols: ['AAPL', 'MSFT'], source: 'Wire' });
    expect(splitCsvLine('"a, b",c')).toEqual(['a, b', 'c']);
    expect(splitCsvLine('"open')).toBeNull();
  });

  it('refuses a bad row naming its line and field, and takes nothing from the file', () => {
    expect(error('{"ts": "2024-05-02", "headline": "A", "symbols": ["X"]}\n{"ts": "yesterday", "headline": "B", "symbols": ["X"]}')).toBe(
      'line 2, ts: "yesterday" is not an ISO date-time or epoch time',
    );
    expect(error('{"ts": "2024-05-02", "headline": "", "symbols": ["X"]}')).toBe('line 1, headline: missing or empty');
    expect(error('{"ts": "2024-05-02", "headline": "A"}')).toMatch(/^line 1, symbols: missing/);
    expect(error('{"ts": "2024-05-02", "headline": "A", "symbols": []}')).toMatch(/^line 1, symbols: empty/);
    expect(error('{"ts": "2024-05-02", "headline": "A", "symbols": ["X", 3]}')).toMatch(/^line 1, symbols: .* not a symbol/);
    expect(error('{"ts": "2024-05-02", "headline": "A", "symbols": ["X"]}\n{not json')).toMatch(/^line 2: not JSON/);
    expect(error('time,headline,symbols\n2024-05-02,Apple beats, raises,AAPL', 'n.csv')).toMatch(
      /^line 2: 4 fields where the header has 3/,
    );
    expect(error('time,headline,symbols\n2024-05-02,"Apple beats,AAPL', 'n.csv')).toMatch(/^line 2: an unclosed double quote/);
    expect(error('   \n')).toBe('the file is empty');
  });

  it('counts the same story from two providers once: the same words about the same symbols within a day, or the same id', () => {
    const v = ok(
      [
        '{"ts": "2008-09-15T11:00:00Z", "headline": "Lehman Brothers files for bankruptcy", "symbols": ["LEH"], "source": "A"}',
        '{"ts": "2008-09-15T11:04:00Z", "headline": "LEHMAN BROTHERS FILES FOR BANKRUPTCY!", "symbols": ["LEH"], "source": "B"}',
        '{"ts": "2008-09-15T12:00:00Z", "headline": "Lehman Brothers files for bankruptcy", "symbols": ["SPX"], "source": "B"}',
        '{"ts": "2008-09-17T11:00:00Z", "headline": "Lehman Brothers files for bankruptcy", "symbols": ["LEH"], "source": "C"}',
        '{"ts": "2008-09-18T11:00:00Z", "headline": "Something else", "symbols": ["LEH"], "id": "A:1"}',
        '{"ts": "2008-09-18T11:01:00Z", "headline": "Something else again", "symbols": ["LEH"], "id": "A:1"}',
      ].join('\n'),
    );
    expect(v.headlines.map((h) => h.source + ':' + h.symbols.join())).toEqual(['A:LEH', 'B:SPX', 'C:LEH', ':LEH']);
    expect(v.duplicates).toEqual([
      { line: 2, of: 1 },
      { line: 6, of: 5 },
    ]);
  });
});
