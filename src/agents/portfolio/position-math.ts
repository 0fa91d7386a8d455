/** A position as signed quantity (long > 0, short < 0) at an average cost. */
export interface Holding {
  quantity: number;
  averagePrice: number;
  realizedPnl: number;
}

export const FLAT: Holding = { quantity: 0, averagePrice: 0, realizedPnl: 0 };

/**
 * Average-cost accounting of one fill (`signedQty` > 0 buys). Adding to a position moves its average;
 * reducing realises (price − average) on what was closed; crossing through zero closes the old
 * side and opens the rest at the fill price. Fees are kept apart, in cash.
 */
export function applyFill(h: Holding, signedQty: number, price: number): Holding {
  const q = h.quantity;
  if (q === 0 || Math.sign(q) === Math.sign(signedQty)) {
    const quantity = q + signedQty;
    return {
      quantity,
      averagePrice: (h.averagePrice * Math.abs(q) + price * Math.abs(signedQty)) / Math.abs(quantity),
      realizedPnl: h.realizedPnl,
    };
  }
  const closed = Math.min(Math.abs(q), Math.abs(signedQty));
  const realizedPnl = h.realizedPnl + closed * (price - h.averagePrice) * Math.sign(q);
  const quantity = roundQty(q + signedQty);
  if (quantity === 0) return { quantity: 0, averagePrice: 0, realizedPnl };
  return { quantity, averagePrice: Math.sign(quantity) === Math.sign(q) ? h.averagePrice : price, realizedPnl };
}

/** One fill as accounting sees it. */
export interface FillAmount {
  side: 'buy' | 'sell';
  quantity: number;
  price: number;
}

/** The holding a sequence of fills (oldest first) leaves, from flat: how a corrected fill restates a position. */
export function holdingFromFills(fills: Iterable<FillAmount>): Holding {
  let h = FLAT;
  for (const f of fills) h = applyFill(h, f.side === 'buy' ? f.quantity : -f.quantity, f.price);
  return h;
}

/** How much cash a fill moved (what was paid is negative), fee included. */
export const cashMovedBy = (f: FillAmount & { fee: number }): number => (f.side === 'buy' ? -1 : 1) * f.quantity * f.price - f.fee;

export function unrealizedPnl(h: Holding, mark: number): number {
  return h.quantity * (mark - h.averagePrice);
}

/** Quantities are sums of fills; keep float dust from leaving "0.0000000001 shares" open. */
function roundQty(q: number): number {
  return Math.round(q * 1e8) / 1e8;
}
