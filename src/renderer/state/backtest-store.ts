import { create } from 'zustand';
import type { BacktestPoint, BacktestRun } from '../../shared/contracts/backtests.contract.ts';

export interface BacktestInput {
  name: string;
  bars: number;
  from: string;
  to: string;
}

export interface BacktestState {
  open: boolean;
  inputs: BacktestInput[];
  runs: BacktestRun[];
  /** Runs chosen for the comparison, newest first. */
  selected: number[];
  results: BacktestPoint[];
  /** Why the engine could not be asked for runs or results (cleared by the next refresh that works). */
  error: string | null;
  /** Why the last Run was refused (stays until the next Run). */
  formError: string | null;
  patch(p: Partial<Omit<BacktestState, 'patch'>>): void;
}

/** The backtest view: bundled inputs, recorded runs with their progress, and the results being compared. */
export const useBacktests = create<BacktestState>((set) => ({
  open: false,
  inputs: [],
  runs: [],
  selected: [],
  results: [],
  error: null,
  formError: null,
  patch: (p) => set(p),
}));
