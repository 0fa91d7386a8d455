import { describe, expect, it } from 'vitest';
import { scoreHeadline } from './lexicon-scorer.ts';

const score = (text: string) => scoreHeadline(text).score;

describe('the lexicon scorer', () => {
  it('rates a headline from its rated words, normalised into (−1, 1), and says which words counted', () => {
    const r = scoreHeadline('Lehman Brothers files for bankruptcy');
    // bankruptcy −3: −3 / √(9 + 15)
    expect(r.score).toBeCloseTo(-3 / Math.sqrt(24), 12);
    expect(r.terms).toEqual([{ term: 'bankruptcy', valence: -3, counted: -3 }]);
    expect(score('Quarterly results published on Tuesday')).toBe(0);
    expect(score('Company reports record profit')).toBeGreaterThan(0.5);
  });

  it('turns a word negated within three words, damped (not good is less bad than bad)', () => {
    expect(scoreHeadline('Apple does not beat estimates').terms).toEqual([{ term: 'beat', valence: 1, counted: -0.74 }]);
    expect(score('Apple beats estimates')).toBeGreaterThan(0);
    expect(score('Apple does not beat estimates')).toBeLessThan(0);
    // A negator's own rating does not count ("no" is −1 in the lexicon).
    expect(scoreHeadline('No growth expected').terms.map((t) => t.term)).toEqual(['growth']);
    // Beyond three words the negator no longer reaches.
    expect(score('No change to the quarterly growth')).toBeGreaterThan(0);
  });

  it('strengthens or softens a rated word after an intensifier', () => {
    expect(scoreHeadline('Profit very strong').terms.at(-1)).toEqual({ term: 'strong', valence: 2, counted: 3 });
    expect(scoreHeadline('Shares slightly weak').terms).toEqual([{ term: 'weak', valence: -2, counted: -1 }]);
    expect(score('Stocks fall sharply')).toBeLessThan(score('Stocks fall'));
  });

  it('finds plurals and past tenses through their stem, and two-word phrases before single words', () => {
    expect(scoreHeadline('Apple beats, Microsoft misses').terms.map((t) => t.term)).toEqual(['beat', 'miss']);
    expect(scoreHeadline('Traders fed up with volatility').terms[0]!.term).toBe('fed up');
  });
});
