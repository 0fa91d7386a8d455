import { create } from 'zustand';
import type { Fill, Order } from '../../shared/domain/orders.ts';
import type { ParentView } from '../../shared/contracts/execution.contract.ts';

export interface OrdersState {
  open: Order[];
  fills: Fill[];
  parents: ParentView[];
  /** The last denial or rejection, in words, for the order ticket. */
  lastProblem: string | null;
  patch(p: Partial<Omit<OrdersState, 'patch'>>): void;
}

/** Our open orders and fills, as the engine reports them. */
export const useOrders = create<OrdersState>((set) => ({
  open: [],
  fills: [],
  parents: [],
  lastProblem: null,
  patch: (p) => set(p),
}));
