import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION, MAGIC, RecordEncoder, decodeRecords } from './record-codec.ts';

const encode = (...records: object[]) => {
  const e = new RecordEncoder();
  for (const r of records) e.encode(r);
  return e.take();
};

/** Deterministic pseudo-random numbers, so a failure can be rerun. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('the block record format', () => {
  it('gives every value back as it went in: numbers bit for bit, strings in any script, undefined kept', () => {
    const record = {
      type: 'Odd',
      ints: [0, 1, -1, 63, 64, -64, -65, 127, 128, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1],
      floats: [0.1, -2.5e-300, 1.7976931348623157e308, 5e-324, Infinity, -Infinity, NaN, -0],
      strings: ['', 'a', 'ü ∆ text', '日本語', '😀 emoji', 'x'.repeat(300), 'é'.repeat(100)],
      // Either side of each length the long-string path sizes its length field by (16, 42, 5,461 characters).
      edges: [16, 17, 42, 43, 5_461, 5_462].flatMap((n) => ['a'.repeat(n), '€'.repeat(n), `${'b'.repeat(n - 1)}é`]),
      pairs: '😀'.repeat(21),
      flags: [true, false, null, undefined],
      nested: { a: { b: { c: [[1, 2], [], [{}]] } } },
      missing: undefined,
    };
    const [back] = decodeRecords(encode(record)) as [typeof record];
    expect(back).toStrictEqual(record);
    expect(Object.is(back.floats[7], -0)).toBe(true);
    expect(Number.isNaN(back.floats[6])).toBe(true);
    expect(Object.keys(back)).toEqual(Object.keys(record));
    // An own key named __proto__ stays a field and does not become the prototype.
    const odd = JSON.parse('{"type":"Odd","__proto__":{"polluted":true}}') as object;
    const [again] = decodeRecords(encode(odd)) as [Record<string, unknown>];
    expect(Object.getPrototypeOf(again)).toBe(Object.prototype);
    expect(again).toStrictEqual(odd);
  });

  it('round-trips random records of shared and differing shapes, the same records giving the same bytes', () => {
    const next = lcg(7);
    const ids = Array.from({ length: 40 }, (_, i) => `REPLAY:SYM${i}`);
    const records = Array.from({ length: 3_000 }, (_, i) => {
      const pick = Math.floor(next() * 3);
      const base = { type: ['A', 'B', 'C'][pick]!, tsEvent: 1_700_000_000_000 + i, source: 'src', decisionId: `run:${ids[i % 40]}:${i}` };
      if (pick === 0)
        return {
          ...base,
          votes: [
            { agentId: 'x', weight: next() },
            { agentId: 'y', weight: -next() },
          ],
        };
      if (pick === 1) return { ...base, instrumentId: ids[Math.floor(next() * 40)], price: Math.round(next() * 1e4) / 100 };
      return { ...base, note: next() < 0.5 ? undefined : `note ${i}`, extra: { [`k${i % 5}`]: i } };
    });
    const bytes = encode(...records);
    expect(decodeRecords(bytes)).toStrictEqual(records);
    expect(Buffer.from(encode(...records)).equals(Buffer.from(bytes))).toBe(true);
    // Smaller than the same records as JSON: shapes and repeated strings are written once.
    expect(bytes.length).toBeLessThan(JSON.stringify(records).length / 2);
  });

  it('starts each block afresh: a block decodes on its own, whatever the block before it held', () => {
    const e = new RecordEncoder();
    const first = { type: 'A', source: 'shared', n: 1 };
    const second = { type: 'A', source: 'shared', n: 2 };
    e.encode(first);
    const one = e.take();
    e.encode(second);
    const two = e.take();
    expect(decodeRecords(two)).toEqual([second]);
    expect(decodeRecords(one)).toEqual([first]);
    expect(two.length).toBe(one.length);
    expect(e.take()).toEqual(Uint8Array.from([MAGIC, FORMAT_VERSION]));
  });

  it('grows its buffer for a block larger than it started with', () => {
    const records = Array.from({ length: 2_000 }, (_, i) => ({ type: 'Big', i, text: `${i}:${'y'.repeat(100)}` }));
    const bytes = encode(...records);
    expect(bytes.length).toBeGreaterThan(1 << 17);
    expect(decodeRecords(bytes)).toEqual(records);
  });

  it('leaves the block as it was when a record cannot be encoded', () => {
    const e = new RecordEncoder();
    const first = { type: 'A', source: 'shared', tags: ['x', 'y'], n: 1.5 };
    const next = { type: 'A', source: 'shared', fresh: 'new string', tags: ['x', 'z'], n: 2.5 };
    e.encode(first);
    // Fails after writing a new shape, a new string and some values of its own.
    expect(() => e.encode({ type: 'B', source: 'shared', label: 'only here', bad: 1n })).toThrow('cannot hold a bigint');
    e.encode(next);
    e.encode(first);
    expect(decodeRecords(e.take())).toEqual([first, next, first]);
  });

  it('says what it cannot encode or decode, and where', () => {
    expect(() => encode({ type: 'A', n: 10n })).toThrow('a journal record cannot hold a bigint');
    expect(() => encode({ type: 'A', f: () => 1 })).toThrow('a journal record cannot hold a function');
    const bytes = encode({ type: 'A', price: 1.5 }, { type: 'A', price: 2.5 });
    expect(() => decodeRecords(bytes.subarray(0, bytes.length - 3))).toThrow(/^it ends inside a number at byte \d+$/);
    expect(() => decodeRecords(Uint8Array.from([0x93, 1, 2, 3]))).toThrow('it is not a block of records');
    expect(() => decodeRecords(Uint8Array.from([MAGIC, 9]))).toThrow('its format 9 is not one this version reads (1)');
    expect(() => decodeRecords(Uint8Array.from([MAGIC, FORMAT_VERSION, 42]))).toThrow('an unknown tag 42 at byte 3');
    expect(() => decodeRecords(Uint8Array.from([MAGIC, FORMAT_VERSION, 7, 0]))).toThrow('a string it has not met at byte 4');
    expect(() => decodeRecords(Uint8Array.from([MAGIC, FORMAT_VERSION, 10, 3]))).toThrow('an object shape it has not met at byte 4');
    expect(() => decodeRecords(Uint8Array.from([MAGIC, FORMAT_VERSION, 6, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toThrow(
      'a length runs on',
    );
    expect(() => decodeRecords(Uint8Array.from([MAGIC, FORMAT_VERSION, 6, 1, 0xff]))).toThrow();
  });
});
