import { describe, expect, it } from 'vitest';
import { AlignedReturns } from './aligned-returns.ts';

const DAY = 86_400_000;

/** A's closes 100, 101, … for `days` days; B's 50, 51 and 53 on days 0, 1 and 3 (day 2 missing). */
function bWithoutDay2(days: number): AlignedReturns {
  const r = new AlignedReturns(120);
  for (let d = 0; d < days; d++) r.add('A', d * DAY, 100 + d, DAY);
  r.add('B', 0, 50, DAY);
  r.add('B', 1 * DAY, 51, DAY);
  r.add('B', 3 * DAY, 53, DAY);
  return r;
}

describe('AlignedReturns', () => {
  it('pairs returns of the same day; a day without a bar is 0 and the next return spans the gap', () => {
    const r = new AlignedReturns(120);
    const a = [100, 101, 102, 103, 104, 105];
    const b = [50, 51, null, 53, 54, 55]; // B has no bar on day 2 (a holiday on its exchange)
    for (let d = 0; d < a.length; d++) {
      r.add('A', d * DAY, a[d]!, DAY);
      if (b[d] !== null) r.add('B', d * DAY, b[d]!, DAY);
    }
    expect(r.matrix(['A', 'B'])).toEqual([
      [101 / 100 - 1, 51 / 50 - 1],
      [102 / 101 - 1, 0],
      [103 / 102 - 1, 53 / 51 - 1],
      [104 / 103 - 1, 54 / 53 - 1],
      [105 / 104 - 1, 55 / 54 - 1],
    ]);
  });

  it('leaves out a last row still filling, and counts an instrument only from its first return', () => {
    const r = new AlignedReturns(120);
    for (let d = 0; d < 4; d++) r.add('A', d * DAY, 100 + d, DAY);
    r.add('B', 2 * DAY, 50, DAY);
    r.add('B', 3 * DAY, 51, DAY);
    // Day 4: A's bar is in, B's is not yet.
    r.add('A', 4 * DAY, 104, DAY);
    expect(r.matrix(['A', 'B'])).toEqual([[103 / 102 - 1, 51 / 50 - 1]]);
    expect(r.matrix(['A'])).toHaveLength(4);
    r.add('B', 4 * DAY, 52, DAY);
    expect(r.matrix(['A', 'B'])).toEqual([
      [103 / 102 - 1, 51 / 50 - 1],
      [104 / 103 - 1, 52 / 51 - 1],
    ]);
  });

  it('gives each row the same array while it is unchanged, and a new one once a corrected bar changes it', () => {
    const r = bWithoutDay2(4);
    const first = r.matrix(['A', 'B']);
    expect(r.matrix(['A', 'B'])[0]).toBe(first[0]);
    expect(first[1]).toEqual([102 / 101 - 1, 0]);
    // Day 3's bar of B again, corrected: its row changes, and so does the array given for it.
    r.add('B', 3 * DAY, 54, DAY);
    const again = r.matrix(['A', 'B']);
    expect(again[0]).toBe(first[0]);
    expect(again[1]).toBe(first[1]);
    expect(again[2]).not.toBe(first[2]);
    expect(again[2]).toEqual([103 / 102 - 1, 54 / 51 - 1]);
    expect(r.matrix(['B', 'A'])[0]).toEqual([51 / 50 - 1, 101 / 100 - 1]);
  });

  it('leaves out a bar older than its instrument’s latest, and restates a corrected one from the close before it', () => {
    const r = bWithoutDay2(5);
    const before = r.matrix(['A', 'B']);
    // Day 2's bar of B after its day 3: day 3's return already spans the gap, as for a missing bar.
    r.add('B', 2 * DAY, 52, DAY);
    expect(r.matrix(['A', 'B'])).toEqual(before);
    expect(r.lastClose('B')).toBe(53);
    // The next bar's return is from day 3's close, not the late bar's.
    r.add('B', 4 * DAY, 55, DAY);
    expect(r.matrix(['A', 'B']).at(-1)).toEqual([104 / 103 - 1, 55 / 53 - 1]);
    // Day 4's bar corrected twice: each time from day 3's close, and the latest close is the correction's.
    r.add('B', 4 * DAY, 56, DAY);
    r.add('B', 4 * DAY, 57, DAY);
    expect(r.matrix(['A', 'B']).at(-1)).toEqual([104 / 103 - 1, 57 / 53 - 1]);
    expect(r.lastClose('B')).toBe(57);
    // A checkpoint keeps it; one from before bar times were kept takes the next bar as the latest.
    const copy = new AlignedReturns(120);
    copy.load(r.save());
    copy.add('B', 3 * DAY, 1, DAY);
    expect(copy.matrix(['A', 'B'])).toEqual(r.matrix(['A', 'B']));
    const old = JSON.parse(JSON.stringify(r.save())) as { instruments: Record<string, Record<string, unknown>> };
    for (const x of Object.values(old.instruments)) {
      delete x['lastTs'];
      delete x['previousClose'];
    }
    const fromOld = new AlignedReturns(120);
    fromOld.load(old as never);
    fromOld.add('B', 5 * DAY, 60, DAY);
    expect(fromOld.matrix(['B']).at(-1)).toEqual([60 / 57 - 1]);
  });

  it('keeps the latest rows up to its capacity, and comes back the same from its checkpoint', () => {
    const r = new AlignedReturns(3);
    for (let d = 0; d < 10; d++) {
      r.add('A', d * DAY, 100 + d, DAY);
      r.add('B', d * DAY, 200 - d, DAY);
    }
    expect(r.matrix(['A', 'B'])).toEqual([7, 8, 9].map((d) => [(100 + d) / (99 + d) - 1, (200 - d) / (201 - d) - 1]));
    const copy = new AlignedReturns(3);
    copy.load(JSON.parse(JSON.stringify(r.save())));
    expect(copy.matrix(['A', 'B'])).toEqual(r.matrix(['A', 'B']));
    copy.add('A', 10 * DAY, 110, DAY);
    r.add('A', 10 * DAY, 110, DAY);
    expect(copy.save()).toEqual(r.save());
  });

  it('reads a checkpoint from before the timeline, aligning each instrument’s latest returns at the end', () => {
    const r = new AlignedReturns(4);
    // Rings of 4 as the optimizer kept them: A has 6 returns (wrapped), B only 2.
    r.loadPerInstrument({
      A: { returns: [0.05, 0.06, 0.03, 0.04], count: 6, lastClose: 10, intervalMs: DAY },
      B: { returns: [0.1, 0.2, 0, 0], count: 2, lastClose: 20, intervalMs: DAY },
    });
    expect(r.matrix(['A'])).toEqual([[0.03], [0.04], [0.05], [0.06]]);
    expect(r.matrix(['A', 'B'])).toEqual([
      [0.05, 0.1],
      [0.06, 0.2],
    ]);
    expect(r.lastClose('B')).toBe(20);
    // New bars come after the converted rows.
    r.add('A', 5 * DAY, 11, DAY);
    r.add('B', 5 * DAY, 22, DAY);
    expect(r.matrix(['A', 'B']).at(-1)).toEqual([11 / 10 - 1, 22 / 20 - 1]);
  });
});
