import { z } from 'zod';
import { TimestampSchema } from './branded.ts';
import { InstrumentIdSchema } from './instrument.ts';

/** An analyst's view: direction in [-1, 1], confidence in [0, 1], over `horizonMs`. */
export const SignalSchema = z.object({
  agentId: z.string().min(1),
  instrumentId: InstrumentIdSchema,
  direction: z.number().min(-1).max(1),
  confidence: z.number().min(0).max(1),
  horizonMs: z.number().int().positive(),
  rationale: z.object({
    summary: z.string(),
    observations: z.record(z.string(), z.number()),
    model: z.object({ id: z.string(), hash: z.string() }).optional(),
  }),
  ts: TimestampSchema,
});
export type Signal = z.infer<typeof SignalSchema>;

/** A shadow model's signal: it votes with weight zero and is scored, but never trades. */
export function isShadowSignal(signal: Signal): boolean {
  return signal.rationale.observations['shadow'] === 1;
}

/** One agent's vote as consensus weighed it; a missing vote is recorded, never invented. */
export const VoteSchema = z.object({
  agentId: z.string().min(1),
  weight: z.number().min(0),
  signal: SignalSchema.nullable(),
  missingReason: z.string().optional(),
});
export type Vote = z.infer<typeof VoteSchema>;

export const DecisionSchema = z.object({
  decisionId: z.string().min(1),
  instrumentId: InstrumentIdSchema,
  votes: z.array(VoteSchema),
  score: z.number().min(-1).max(1),
  action: z.enum(['buy', 'sell', 'hold']),
  vetoedBy: z.string().optional(),
  /** Why a decision holds although votes were present (no quorum). */
  holdReason: z.string().optional(),
  ts: TimestampSchema,
});
export type Decision = z.infer<typeof DecisionSchema>;
