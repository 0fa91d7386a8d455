import { z } from 'zod';
import { defineContract } from './contract.ts';

export const MemoryCheckpointSchema = z.object({
  id: z.number().int(),
  agentId: z.string(),
  savedAt: z.number(),
  stateHash: z.string(),
  bytes: z.number().int(),
});

const AgentInput = z.object({ agentId: z.string().min(1) }).strict();
const Done = z.object({ message: z.string() });

/** The agents' memory: checkpoint now, the checkpoints kept, restore one, wipe; only while the agents are not trading. */
export const agentsContract = defineContract('agents', {
  list: {
    input: z.object({}).strict(),
    output: z.object({
      /** Whether the agents trade now (then nothing here may change). */
      trading: z.boolean(),
      agents: z.array(z.object({ agentId: z.string(), what: z.string(), checkpoints: z.array(MemoryCheckpointSchema) })),
    }),
  },
  checkpoint: { input: AgentInput, output: MemoryCheckpointSchema },
  restore: { input: AgentInput.extend({ checkpointId: z.number().int() }).strict(), output: Done },
  reset: { input: AgentInput, output: Done },
});
