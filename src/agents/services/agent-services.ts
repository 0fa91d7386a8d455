import { agentsContract } from '../../shared/contracts/agents.contract.ts';
import { AgentMemory } from '../engine/agent-memory.ts';
import type { Kernel } from '../engine/kernel.ts';
import { kernelMemoryHost } from '../engine/kernel-memory-host.ts';

/** The Agents panel's and `quorum agents`' side in a running session: each agent's memory checkpointed, restored or wiped. */
export function registerAgentServices(kernel: Kernel): void {
  const memory = new AgentMemory(kernelMemoryHost(kernel));
  const date = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
  kernel.services.register(agentsContract, {
    list: () => ({ trading: kernel.agentsTrade, agents: memory.list() }),
    checkpoint: ({ agentId }) => memory.checkpoint(agentId),
    restore: ({ agentId, checkpointId }) => {
      memory.restore(agentId, checkpointId);
      const saved = memory
        .list()
        .find((a) => a.agentId === agentId)
        ?.checkpoints.find((c) => c.id === checkpointId);
      return { message: `${agentId} restored to checkpoint ${checkpointId}${saved ? ` of ${date(saved.savedAt)} UTC` : ''}` };
    },
    reset: ({ agentId }) => {
      memory.reset(agentId);
      return { message: `${agentId} is back to its initial state (its checkpoints are kept)` };
    },
  });
}
