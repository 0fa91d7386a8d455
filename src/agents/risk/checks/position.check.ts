import { reducesPosition, signedQuantity, type PreTradeCheck } from './check-context.ts';

/** The position after the order may not exceed the limit (reducing orders always pass). */
export const positionCheck: PreTradeCheck = (c) => {
  if (reducesPosition(c)) return null;
  const after = Math.abs(c.holding.quantity + signedQuantity(c.order));
  return after > c.limits.maxPositionQuantity
    ? { reasonCode: 'MAX_POSITION', detail: { positionAfter: after, limit: c.limits.maxPositionQuantity } }
    : null;
};
