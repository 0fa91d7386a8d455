import { OrderAction, type Contract, type Order as IbOrder, type OrderState } from '@stoqey/ib';
import type { ExternalOrder } from '../../../shared/domain/orders.ts';

/** IB's order statuses after which an order works no more. */
const DONE = new Set(['Cancelled', 'ApiCancelled', 'Filled', 'Inactive']);

/** One of IB's open orders as an external order, or null if it no longer works (or has no permId to know it by). */
export function workingExternalOrder(contract: Contract, order: IbOrder, state: OrderState): ExternalOrder | null {
  const status = String(state.status ?? '');
  if (DONE.has(status) || order.permId === undefined) return null;
  return {
    permId: order.permId,
    clientId: order.clientId ?? 0,
    orderId: order.orderId ?? 0,
    symbol: contract.symbol ?? '',
    side: order.action === OrderAction.SELL ? 'sell' : 'buy',
    quantity: Number(order.totalQuantity ?? 0),
    orderType: String(order.orderType ?? ''),
    limitPrice: order.lmtPrice ?? null,
    stopPrice: order.auxPrice ?? null,
    status,
    account: order.account ?? '',
    orderRef: order.orderRef ?? '',
  };
}

/**
 * The ids of the earlier versions of an IB execution id: a correction keeps the id up to its last
 * '.' and numbers what follows one higher, so `a.b.01.03` corrects `a.b.01.01` and `a.b.01.02`.
 */
export function correctedExecIds(execId: string): string[] {
  const at = execId.lastIndexOf('.');
  const suffix = execId.slice(at + 1);
  const n = Number(suffix);
  if (at < 0 || !/^\d+$/.test(suffix) || n <= 1) return [];
  return Array.from({ length: n - 1 }, (_, k) => `${execId.slice(0, at)}.${String(k + 1).padStart(suffix.length, '0')}`);
}
