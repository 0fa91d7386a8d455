import { create } from 'zustand';
import type { Fill, Order } from '../../shared/domain/orders.ts';
import type { ParentView } from '../../shared/contracts/execution.contract.ts';
import { describeDenial } from '../../shared/messages/describe-denial.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import type { StoreFeed } from './store-feed.ts';

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

/** A denial or a venue's rejection in words, with the numbers that failed. */
export function describeOrderProblem(event: EventOf<'OrderDenied'> | EventOf<'OrderRejected'>): string {
  return event.type === 'OrderDenied' ? describeDenial(event) : `Order ${event.clientOrderId} rejected by the venue: ${event.reason}`;
}

const lastProblem = (message: string | undefined) => {
  if (message !== undefined) useOrders.getState().patch({ lastProblem: message });
};

/** Open orders, fills and parent orders as the engine pushes them; the last problem from the events. */
export const ordersFeed: StoreFeed = {
  events: {
    OrderDenied: (events) => lastProblem(events.map(describeOrderProblem).at(-1)),
    OrderRejected: (events) => lastProblem(events.map(describeOrderProblem).at(-1)),
    OrderAmendRejected: (events) => lastProblem(events.map((e) => `amend refused: ${e.reason}`).at(-1)),
  },
  views: { orders: { apply: (orders) => useOrders.getState().patch(orders) } },
};
