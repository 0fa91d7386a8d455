import { afinn165FinancialMarketNews as LEXICON } from 'afinn-165-financialmarketnews';
import type { HeadlineFeatureName } from '../../../shared/features/headline-features.ts';

/** A word (or two-word phrase) of a headline that the lexicon rates, as it counted. */
export interface ScoredTerm {
  term: string;
  /** The lexicon's valence (−5 … +5). */
  valence: number;
  /** What it counted for after negation and intensifiers. */
  counted: number;
}

export interface HeadlineScore {
  /** −1 (very negative) … +1 (very positive); 0 when no word is rated. */
  score: number;
  terms: ScoredTerm[];
  /** The lexicon's feature vector (a headline model's input). */
  features: Record<HeadlineFeatureName, number>;
  /** The model that gave `score` instead of the lexicon (`name@version`), if one did. */
  scoredBy?: string;
}

/** Words that turn the valence of what follows within three words ("not", "no", "never", "fails to" …). */
const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'neither',
  'nor',
  'without',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'dont',
  'doesnt',
  'didnt',
  'cannot',
  'cant',
  'wont',
  'fails',
  'failed',
  'hardly',
]);
const NEGATION_REACH = 3;
/** A negated word counts against itself, damped (VADER's 0.74: "not good" is less bad than "bad"). */
const NEGATION_FACTOR = -0.74;

/** Words that strengthen or soften the rated word right before or after them. */
const INTENSIFIERS: Record<string, number> = {
  very: 1.5,
  extremely: 1.8,
  sharply: 1.6,
  significantly: 1.5,
  strongly: 1.5,
  hugely: 1.7,
  massively: 1.7,
  biggest: 1.5,
  slightly: 0.5,
  somewhat: 0.6,
  marginally: 0.5,
  modestly: 0.6,
  barely: 0.4,
};

/** VADER's normalisation: a sum of valences s becomes s / √(s² + α), within (−1, 1). */
const ALPHA = 15;

/**
 * Scores a headline with the AFINN-165 financial market news lexicon: each rated word (two-word
 * phrases first; a plural or past tense falls back to its stem, "beats" → "beat") counts its
 * valence, times an intensifier right before (or after) it, turned by a negator up to three words before it;
 * the sum is normalised into (−1, 1). Deterministic, no state.
 */
export function scoreHeadline(text: string): HeadlineScore {
  const words = text
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9-]+/)
    .filter(Boolean);
  const terms: ScoredTerm[] = [];
  let sum = 0;
  let negated = 0;
  let intensified = 0;
  for (let i = 0; i < words.length; i++) {
    const pair = i + 1 < words.length ? `${words[i]} ${words[i + 1]}` : '';
    const phrase = pair && LEXICON[pair] !== undefined ? pair : null;
    const term = phrase ?? stemmed(words[i]!);
    if (term === null) continue;
    const valence = LEXICON[term]!;
    // "sharply lower" or "fell sharply": the word before, else the one after.
    const after = words[i + (phrase ? 2 : 1)] ?? '';
    const intensity = INTENSIFIERS[words[i - 1] ?? ''] ?? INTENSIFIERS[after] ?? 1;
    if (intensity !== 1) intensified++;
    let counted = valence * intensity;
    for (let k = Math.max(0, i - NEGATION_REACH); k < i; k++) {
      if (NEGATORS.has(words[k]!)) {
        counted *= NEGATION_FACTOR;
        negated++;
        break;
      }
    }
    terms.push({ term, valence, counted });
    sum += counted;
    if (phrase) i++;
  }
  const score = sum === 0 ? 0 : sum / Math.sqrt(sum * sum + ALPHA);
  const features = {
    lexicon_score: score,
    positive: terms.reduce((s, t) => s + Math.max(0, t.counted), 0),
    negative: terms.reduce((s, t) => s - Math.min(0, t.counted), 0),
    terms: terms.length,
    negated,
    intensified,
    words: words.length,
  };
  return { score, terms, features };
}

/** The lexicon's entry for a word or its simple stem, or null. */
function stemmed(word: string): string | null {
  // A negator or intensifier acts on the next word; its own rating ("no": −1) does not count.
  if (INTENSIFIERS[word] !== undefined || NEGATORS.has(word)) return null;
  if (LEXICON[word] !== undefined) return LEXICON[word] === 0 ? null : word;
  for (const [suffix, replace] of [
    ['ies', 'y'],
    ['es', ''],
    ['s', ''],
    ['ed', ''],
    ['ed', 'e'],
    ['ing', ''],
    ['ing', 'e'],
  ] as const) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
      const stem = word.slice(0, -suffix.length) + replace;
      if (LEXICON[stem]) return stem;
    }
  }
  return null;
}
