import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random.ts';

describe('SeededRandom', () => {
  it('repeats a sequence for the same seed and differs for another', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const c = new SeededRandom(8);
    const seqA = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('continues identically after its state is saved and restored', () => {
    const a = new SeededRandom(99);
    a.normal(); // leaves a spare normal in the state
    const saved = a.getState();
    const expected = [a.normal(), a.next(), a.int(1, 6)];
    const b = new SeededRandom(1);
    b.setState(saved);
    expect([b.normal(), b.next(), b.int(1, 6)]).toEqual(expected);
  });

  it('draws standard normals with mean ≈ 0 and variance ≈ 1', () => {
    const r = new SeededRandom(3);
    const xs = Array.from({ length: 50_000 }, () => r.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });
});
