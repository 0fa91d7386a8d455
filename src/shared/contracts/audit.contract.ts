import { z } from 'zod';
import { defineContract } from './contract.ts';

/** One row of the hash-chained journal as stored (DESIGN.md §5). */
export const JournalRowSchema = z.object({
  seq: z.number().int().positive(),
  tsEvent: z.number().int(),
  tsInit: z.number().int(),
  type: z.string(),
  source: z.string(),
  decisionId: z.string().nullable(),
  payload: z.string(),
  prevHash: z.string().length(64),
  hash: z.string().length(64),
});
export type JournalRow = z.infer<typeof JournalRowSchema>;

export const ChainReportSchema = z.union([
  z.object({ ok: z.literal(true), count: z.number().int() }),
  z.object({ ok: z.literal(false), count: z.number().int(), seq: z.number().int(), reason: z.string() }),
]);
export type ChainReport = z.infer<typeof ChainReportSchema>;

/** The audit log: newest rows first, and a walk of the whole chain. */
export const auditContract = defineContract('audit', {
  recent: { input: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(), output: z.array(JournalRowSchema) },
  verify: { input: z.object({}).strict(), output: ChainReportSchema },
});
