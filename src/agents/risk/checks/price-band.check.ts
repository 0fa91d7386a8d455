import type { PreTradeCheck } from './check-context.ts';

/** The fat-finger check: a limit price too far from the last price. */
export const priceBandCheck: PreTradeCheck = (c) => {
  if (c.order.limitPrice === undefined || !c.mark) return null;
  const distancePercent = Math.abs(c.order.limitPrice / c.mark.price - 1) * 100;
  return distancePercent > c.limits.priceBandPercent
    ? {
        reasonCode: 'PRICE_BAND',
        detail: {
          limitPrice: c.order.limitPrice,
          lastPrice: c.mark.price,
          distancePercent: round(distancePercent),
          limitPercent: c.limits.priceBandPercent,
        },
      }
    : null;
};

const round = (x: number) => Math.round(x * 100) / 100;
