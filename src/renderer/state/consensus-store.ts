import { create } from 'zustand';
import type { StoreFeed } from './store-feed.ts';
import type { ConsensusSnapshot } from '../../shared/contracts/consensus.contract.ts';

export interface ConsensusState {
  snapshot: ConsensusSnapshot | null;
  error: string | null;
  patch(p: Partial<Pick<ConsensusState, 'snapshot' | 'error'>>): void;
}

/** The latest decisions, agent weights, agreement matrix and targets, as the engine last reported them. */
export const useConsensus = create<ConsensusState>((set) => ({
  snapshot: null,
  error: null,
  patch: (p) => set(p),
}));

/** The consensus snapshot as the engine pushes it. */
export const consensusFeed: StoreFeed = {
  views: {
    consensus: {
      apply: (snapshot) => useConsensus.getState().patch({ snapshot, error: null }),
      fail: (error) => useConsensus.getState().patch({ error }),
    },
  },
};
