import { z } from 'zod';
import { DecisionSchema } from '../domain/signals.ts';
import { defineContract } from './contract.ts';

export const ConsensusSnapshotSchema = z.object({
  /** The newest decision per instrument. */
  latest: z.array(DecisionSchema),
  agreement: z.object({
    agents: z.array(z.string()),
    agreement: z.array(z.array(z.number().nullable())),
    together: z.array(z.array(z.number().int())),
  }),
  weights: z.array(z.object({ agentId: z.string(), hitRate: z.number().nullable(), scored: z.number().int(), weight: z.number() })),
  /** The optimizer's last target weight per instrument. */
  targets: z.record(z.string(), z.number()),
  /** Whether the agents' targets become orders. */
  agentsTrade: z.boolean(),
});
export type ConsensusSnapshot = z.infer<typeof ConsensusSnapshotSchema>;

/** Consensus and the optimizer, as the UI sees them; the trader's switch that lets the agents trade. */
export const consensusContract = defineContract('consensus', {
  snapshot: { input: z.object({}).strict(), output: ConsensusSnapshotSchema },
  setAgentsTrade: { input: z.object({ enabled: z.boolean() }).strict(), output: z.object({ agentsTrade: z.boolean() }) },
});
