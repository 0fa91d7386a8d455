import { z } from 'zod';
import { HeadlineSchema, NewsArticleSchema } from '../domain/news.ts';
import { InstrumentIdSchema } from '../domain/instrument.ts';
import { defineContract } from './contract.ts';

/** A headline as the news analyst read it: its score, the words the lexicon counted, the instruments it is about. */
export const ScoredHeadlineSchema = HeadlineSchema.extend({
  score: z.number().min(-1).max(1),
  /** The headline model that gave the score in the lexicon's place, or null: the lexicon's. */
  scoredBy: z.string().nullable(),
  terms: z.array(z.string()),
  instrumentIds: z.array(InstrumentIdSchema),
});
export type ScoredHeadline = z.infer<typeof ScoredHeadlineSchema>;

export const NewsSnapshotSchema = z.object({
  /** Whether this session has a news analyst (it was given headlines). */
  enabled: z.boolean(),
  /** The market time the analyst has reached (the last bar's close): no headline after it is shown. */
  asOf: z.number().int().nullable(),
  /** Newest first. */
  headlines: z.array(ScoredHeadlineSchema),
});
export type NewsSnapshot = z.infer<typeof NewsSnapshotSchema>;

/** The news the sentiment analyst has seen, as the news panel shows it. */
export const newsContract = defineContract('news', {
  recent: {
    input: z.object({ instrumentId: InstrumentIdSchema.optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: NewsSnapshotSchema,
  },
  /** The broker's article behind a headline that has one (its `article`). */
  article: {
    input: z.object({ provider: z.string().min(1).max(40), id: z.string().min(1).max(200) }).strict(),
    output: NewsArticleSchema,
  },
});
