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
});
export type Headline = z.infer<typeof HeadlineSchema>;
