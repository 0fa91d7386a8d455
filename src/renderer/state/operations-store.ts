import { create } from 'zustand';
import type { ViewData } from '../../shared/contracts/views.ts';
import type { StoreFeed } from './store-feed.ts';

type OperationsView = 'drift' | 'costs' | 'memory' | 'metrics';

export interface OperationsState {
  /** Each active and shadow model's drift. */
  drift: ViewData<'drift'> | null;
  /** What trading cost, per order, decision, agent and parent order. */
  costs: ViewData<'costs'> | null;
  /** The agents' memory and its checkpoints, and whether the agents trade. */
  memory: ViewData<'memory'> | null;
  /** The engine's counters, latencies and event-loop lag (null: it does not count them). */
  metrics: ViewData<'metrics'> | null;
  /** Why a view could not be read, by view. */
  errors: Partial<Record<OperationsView, string>>;
  patch(p: Partial<Omit<OperationsState, 'patch'>>): void;
}

/** The operator's views, as the engine last pushed them (never polled). */
export const useOperations = create<OperationsState>((set) => ({
  drift: null,
  costs: null,
  memory: null,
  metrics: null,
  errors: {},
  patch: (p) => set(p),
}));

const failed = (view: OperationsView) => (error: string) =>
  useOperations.getState().patch({ errors: { ...useOperations.getState().errors, [view]: error } });
const cleared = (view: OperationsView) => {
  const { [view]: _gone, ...rest } = useOperations.getState().errors;
  return rest;
};

export const operationsFeed: StoreFeed = {
  views: {
    drift: { apply: (drift) => useOperations.getState().patch({ drift, errors: cleared('drift') }), fail: failed('drift') },
    costs: { apply: (costs) => useOperations.getState().patch({ costs, errors: cleared('costs') }), fail: failed('costs') },
    memory: { apply: (memory) => useOperations.getState().patch({ memory, errors: cleared('memory') }), fail: failed('memory') },
    metrics: { apply: (metrics) => useOperations.getState().patch({ metrics, errors: cleared('metrics') }), fail: failed('metrics') },
  },
};
