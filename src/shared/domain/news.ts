import { z } from 'zod';
import { TimestampSchema } from './branded.ts';

/**
 * One news headline as the news analyst reads it: when it was published (UTC), by whom, what it
 * says, and the symbols it is about (an instrument's symbol, or its id).
 */
export const HeadlineSchema = z.object({
  id: z.string().min(1),
  ts: TimestampSchema,
  source: z.string(),
  headline: z.string().min(1),
  symbols: z.array(z.string().min(1)).min(1),
  /** A broker's article behind the headline (IB: provider code and article id), which `news.article` reads. */
  article: z.object({ provider: z.string().min(1), id: z.string().min(1) }).optional(),
});
export type Headline = z.infer<typeof HeadlineSchema>;

/** A broker's article: text (often HTML) or, for some providers, a PDF (base64). */
export const NewsArticleSchema = z.object({ kind: z.enum(['text', 'pdf']), text: z.string() });
export type NewsArticle = z.infer<typeof NewsArticleSchema>;
