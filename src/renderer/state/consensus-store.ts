import { create } from 'zustand';
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
