import { z } from 'zod';
import { TimestampSchema } from '../domain/branded.ts';

/**
 * Fields every message carries: `tsEvent` is when it happened, `tsInit` when we learned of it,
 * `source` the agent or component that said it.
 */
export const envelope = {
  tsEvent: TimestampSchema,
  tsInit: TimestampSchema,
  source: z.string().min(1),
  decisionId: z.string().optional(),
};
