import { toQuantity } from '../../shared/domain/branded.ts';
import { hasLimitPrice, hasStopPrice } from '../../shared/domain/orders.ts';
import { ticketUnits } from './order-ticket.ts';
import { ordersContract } from '../../shared/contracts/orders.contract.ts';
import { executionContract } from '../../shared/contracts/execution.contract.ts';
import type { Kernel } from '../engine/kernel.ts';
import { readFills } from '../store/order-projections.ts';

/** Order entry from the UI: every ticket becomes a SubmitOrder command through the pre-trade gate. */
/** What the order services use of the kernel, and nothing more. */
export type OrderServiceDeps = Pick<Kernel, 'services' | 'store' | 'clock' | 'dispatch' | 'market'>;

export function registerOrderServices(kernel: OrderServiceDeps): void {
  const { clock, services, store } = kernel;
  let ticket = 0;
  services.register(ordersContract, {
    submit: (t) => {
      const now = clock.now();
      const instrument = kernel.market.instruments.find((i) => i.id === t.instrumentId);
      if (!instrument) throw new Error(`unknown instrument ${t.instrumentId}`);
      // Only the prices the order type has: a market ticket's stray limit price is not sent.
      const units = ticketUnits(instrument, t.quantity, {
        limitPrice: hasLimitPrice(t.type) ? t.limitPrice : undefined,
        stopPrice: hasStopPrice(t.type) ? t.stopPrice : undefined,
      });
      if (!units.ok) throw new Error(units.error);
      const clientOrderId = `T-${now}-${++ticket}`;
      kernel.dispatch({
        type: 'SubmitOrder',
        tsEvent: now,
        tsInit: now,
        source: 'trader',
        order: {
          clientOrderId,
          instrumentId: t.instrumentId,
          side: t.side,
          type: t.type,
          quantity: units.quantity,
          ...(units.limitPrice !== undefined ? { limitPrice: units.limitPrice } : {}),
          ...(units.stopPrice !== undefined ? { stopPrice: units.stopPrice } : {}),
          timeInForce: t.timeInForce,
          ...(t.outsideRth ? { outsideRth: true } : {}),
          status: 'initialized',
          filledQuantity: toQuantity(0),
          createdAt: now,
        },
      });
      return { clientOrderId };
    },
    amend: ({ clientOrderId, quantity, limitPrice, stopPrice }) => {
      const now = clock.now();
      const working = kernel.market.venue.openOrders().find((o) => o.clientOrderId === clientOrderId);
      const instrument = working && kernel.market.instruments.find((i) => i.id === working.instrumentId);
      const units = instrument ? ticketUnits(instrument, quantity ?? working.quantity, { limitPrice, stopPrice }) : null;
      if (units && !units.ok) throw new Error(units.error);
      // An amend of an order that is not working is still journaled (OrderAmendRejected), but not called sent.
      kernel.dispatch({
        type: 'AmendOrder',
        tsEvent: now,
        tsInit: now,
        source: 'trader',
        clientOrderId,
        ...(quantity !== undefined ? { quantity: units?.ok ? units.quantity : quantity } : {}),
        ...(limitPrice !== undefined ? { limitPrice: units?.ok && units.limitPrice !== undefined ? units.limitPrice : limitPrice } : {}),
        ...(stopPrice !== undefined ? { stopPrice: units?.ok && units.stopPrice !== undefined ? units.stopPrice : stopPrice } : {}),
      });
      return { sent: working !== undefined };
    },
    cancel: ({ clientOrderId }) => {
      const open = kernel.market.venue.openOrders().some((o) => o.clientOrderId === clientOrderId);
      const now = clock.now();
      if (open) kernel.dispatch({ type: 'CancelOrder', tsEvent: now, tsInit: now, source: 'trader', clientOrderId });
      return { sent: open };
    },
    cancelAll: () => {
      const now = clock.now();
      const count = kernel.market.venue.openOrders().length;
      kernel.dispatch({ type: 'CancelAllOrders', tsEvent: now, tsInit: now, source: 'trader', reason: 'cancel all pressed by the trader' });
      return { sent: count };
    },
    open: () => kernel.market.venue.openOrders(),
    // Fills of the instruments this session trades: a replay's fills of 2001 are not this market's.
    fills: ({ instrumentId, limit }) =>
      readFills(store.db, instrumentId ? [instrumentId] : kernel.market.instruments.map((i) => i.id), limit),
  });
}

/** Execution algorithms: every start is a StartAlgo command (journaled), every child goes through risk. */
/** What the execution services use of the kernel, and nothing more. */
export type ExecutionServiceDeps = Pick<Kernel, 'services' | 'clock' | 'dispatch' | 'execution'>;

export function registerExecutionServices(kernel: ExecutionServiceDeps): void {
  let seq = 0;
  kernel.services.register(executionContract, {
    preview: (spec) => kernel.execution.preview(spec),
    start: (spec) => {
      const now = kernel.clock.now();
      const parentId = `A-${now}-${++seq}`;
      kernel.dispatch({ type: 'StartAlgo', tsEvent: now, tsInit: now, source: 'trader', parentId, spec });
      return { parentId };
    },
    cancel: ({ parentId }) => {
      const working = kernel.execution.views().some((v) => v.parentId === parentId && v.status === 'working');
      const now = kernel.clock.now();
      if (working)
        kernel.dispatch({ type: 'CancelAlgo', tsEvent: now, tsInit: now, source: 'trader', parentId, reason: 'canceled by the trader' });
      return { sent: working };
    },
    parents: () => kernel.execution.views(),
  });
}
