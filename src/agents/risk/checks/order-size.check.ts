import { orderPrice, type Denial, type PreTradeCheck } from './check-context.ts';

/** Also the last line against an order of nothing: a quantity of 0 (or less) is never approved. */
export const orderQuantityCheck: PreTradeCheck = (c): Denial | null => {
  if (!(c.order.quantity > 0)) return { reasonCode: 'QUANTITY_NOT_POSITIVE', detail: { quantity: c.order.quantity } };
  return c.order.quantity > c.limits.maxOrderQuantity
    ? { reasonCode: 'MAX_ORDER_QUANTITY', detail: { quantity: c.order.quantity, limit: c.limits.maxOrderQuantity } }
    : null;
};

export const orderNotionalCheck: PreTradeCheck = (c) => {
  const notional = c.order.quantity * (orderPrice(c) ?? 0);
  return notional > c.limits.maxOrderNotional
    ? { reasonCode: 'MAX_ORDER_NOTIONAL', detail: { notional, limit: c.limits.maxOrderNotional } }
    : null;
};
