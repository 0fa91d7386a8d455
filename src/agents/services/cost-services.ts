import { costsContract } from '../../shared/contracts/costs.contract.ts';
import type { Kernel } from '../engine/kernel.ts';
import { costReport } from '../execution/trading-costs.ts';
import { readOrderCosts, readParentCosts } from '../store/cost-queries.ts';

/** The Costs view's report, read from the journal's projections (the window is of order creation times). */
export function registerCostServices(kernel: Pick<Kernel, 'services' | 'store'>): void {
  kernel.services.register(costsContract, {
    report: ({ fromMs, toMs }) => {
      const from = fromMs ?? 0;
      const to = toMs ?? Number.MAX_SAFE_INTEGER;
      return costReport(readOrderCosts(kernel.store.db, from, to), readParentCosts(kernel.store.db, from, to));
    },
  });
}
