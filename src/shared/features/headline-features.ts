/**
 * The lexicon's feature vector of one headline, in this order: what a headline model takes when it
 * is imported to replace the lexicon (its `quorum.features` has `"input": "headline"` and names
 * these). Computed by the news analyst's lexicon scorer.
 */
export const HEADLINE_FEATURE_DESCRIPTIONS = {
  lexicon_score: "the lexicon's own score, −1 … +1 (the normalised sum below)",
  positive: 'the sum of the positive terms as counted (after negation and intensifiers)',
  negative: 'the sum of the negative terms as counted, as a positive number',
  terms: 'how many words or phrases the lexicon rated',
  negated: 'how many rated terms a negator turned',
  intensified: 'how many rated terms an intensifier strengthened or softened',
  words: 'how many words the headline has',
} as const;

export type HeadlineFeatureName = keyof typeof HEADLINE_FEATURE_DESCRIPTIONS;
export const HEADLINE_FEATURE_NAMES = Object.keys(HEADLINE_FEATURE_DESCRIPTIONS) as HeadlineFeatureName[];

export function isHeadlineFeatureName(name: string): name is HeadlineFeatureName {
  return Object.hasOwn(HEADLINE_FEATURE_DESCRIPTIONS, name);
}
