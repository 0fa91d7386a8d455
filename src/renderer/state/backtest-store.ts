import { create } from 'zustand';
import type { StoreFeed } from './store-feed.ts';
import type { BacktestPoint, BacktestRun, DataFileInfo, HistoryDownload } from '../../shared/contracts/backtests.contract.ts';

export interface BacktestState {
  open: boolean;
  inputs: DataFileInfo[];
  runs: BacktestRun[];
  /** Runs chosen for the comparison, newest first. */
  selected: number[];
  results: BacktestPoint[];
  /** Why the engine could not be asked for runs or results (cleared by the next refresh that works). */
  error: string | null;
  /** Why the last Run or import was refused (stays until the next one). */
  formError: string | null;
  /** What the last import added. */
  notice: string | null;
  /** Downloads from IB (newest first), as the engine pushes them. */
  downloads: HistoryDownload[];
  patch(p: Partial<Omit<BacktestState, 'patch'>>): void;
}

/** The backtest view: data files (bundled and imported), recorded runs with their progress, and the results being compared. */
export const useBacktests = create<BacktestState>((set) => ({
  open: false,
  inputs: [],
  runs: [],
  selected: [],
  results: [],
  error: null,
  formError: null,
  notice: null,
  downloads: [],
  patch: (p) => set(p),
}));

/** The recorded runs with their progress, as the engine pushes them. */
export const backtestFeed: StoreFeed = {
  views: {
    backtests: {
      apply: (runs) => useBacktests.getState().patch({ runs, error: null }),
      fail: (error) => useBacktests.getState().patch({ error }),
    },
    downloads: {
      apply: (downloads) => useBacktests.getState().patch({ downloads }),
      fail: (error) => useBacktests.getState().patch({ error }),
    },
  },
};
