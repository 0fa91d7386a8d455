import { consensusContract } from '../../shared/contracts/consensus.contract.ts';
import type { Kernel } from '../engine/kernel.ts';

/** The engine side of the consensus contract. */
export function registerConsensusServices(kernel: Kernel): void {
  kernel.services.register(consensusContract, {
    snapshot: () => ({
      latest: kernel.consensus.latestDecisions(),
      agreement: kernel.consensus.agreementMatrix(),
      weights: kernel.consensus.weights(),
      targets: Object.fromEntries(kernel.optimizer.currentTargets()),
      agentsTrade: kernel.agentsTrade,
    }),
    setAgentsTrade: ({ enabled }) => {
      kernel.agentsTrade = enabled;
      kernel.options.log.info({ agentsTrade: enabled }, enabled ? 'the agents may trade' : 'the agents no longer trade');
      return { agentsTrade: kernel.agentsTrade };
    },
  });
}
