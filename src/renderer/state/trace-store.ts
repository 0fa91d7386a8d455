import { create } from 'zustand';
import type { Trace } from '../../shared/contracts/trace.contract.ts';

/** The decision card on display, or the problem that stopped it. */
export const useTrace = create<{
  trace: Trace | null;
  problem: string | null;
  patch(p: { trace?: Trace | null; problem?: string | null }): void;
}>((set) => ({
  trace: null,
  problem: null,
  patch: (p) => set(p),
}));
