import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: undefined, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"x":2,"z":1}]},"b":1}');
  });

  it('gives equal text for equal values built in a different order', () => {
    expect(canonicalJson({ x: { q: [1, { n: 'é"' }], p: true }, w: -0.5 })).toBe(
      canonicalJson({ w: -0.5, x: { p: true, q: [1, { n: 'é"' }] } }),
    );
  });

  it('refuses non-finite numbers at any depth', () => {
    expect(() => canonicalJson({ a: [1, { b: Number.NaN }] })).toThrow(/non-finite number: NaN/);
    expect(() => canonicalJson(Infinity)).toThrow(RangeError);
  });
});
