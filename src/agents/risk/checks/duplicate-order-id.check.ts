import type { PreTradeCheck } from './check-context.ts';

/** A client order id is used once, ever (a restart must never send an order twice). */
export const duplicateOrderIdCheck: PreTradeCheck = (c) =>
  c.isKnownClientOrderId(c.order.clientOrderId)
    ? { reasonCode: 'DUPLICATE_CLIENT_ORDER_ID', detail: { clientOrderId: c.order.clientOrderId } }
    : null;
