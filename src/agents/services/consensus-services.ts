import { consensusContract } from '../../shared/contracts/consensus.contract.ts';
import type { Kernel } from '../engine/kernel.ts';

/** The engine side of the consensus contract. */
/** What the consensus services use of the kernel, and nothing more. */
export type ConsensusServiceDeps = Pick<Kernel, 'services' | 'clock' | 'dispatch' | 'consensus' | 'optimizer' | 'trades' | 'agentsTrade'>;

export function registerConsensusServices(kernel: ConsensusServiceDeps): void {
  kernel.services.register(consensusContract, {
    snapshot: () => ({
      // Decisions kept from a session on other instruments (a replay) are not this market's.
      latest: kernel.consensus.latestDecisions().filter((d) => kernel.trades(d.instrumentId)),
      agreement: kernel.consensus.agreementMatrix(),
      weights: kernel.consensus.weights(),
      targets: Object.fromEntries(kernel.optimizer.currentTargets()),
      agentsTrade: kernel.agentsTrade,
    }),
    // A change of state is a journaled command; the target trader owns the switch.
    setAgentsTrade: ({ enabled }) => {
      const now = kernel.clock.now();
      if (kernel.agentsTrade !== enabled)
        kernel.dispatch({ type: 'SetAgentsTrading', tsEvent: now, tsInit: now, source: 'trader', enabled });
      return { agentsTrade: kernel.agentsTrade };
    },
  });
}
