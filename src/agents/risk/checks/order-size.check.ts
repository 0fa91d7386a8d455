import { orderPrice, type PreTradeCheck } from './check-context.ts';

export const orderQuantityCheck: PreTradeCheck = (c) =>
  c.order.quantity > c.limits.maxOrderQuantity
    ? { reasonCode: 'MAX_ORDER_QUANTITY', detail: { quantity: c.order.quantity, limit: c.limits.maxOrderQuantity } }
    : null;

export const orderNotionalCheck: PreTradeCheck = (c) => {
  const notional = c.order.quantity * (orderPrice(c) ?? 0);
  return notional > c.limits.maxOrderNotional
    ? { reasonCode: 'MAX_ORDER_NOTIONAL', detail: { notional, limit: c.limits.maxOrderNotional } }
    : null;
};
