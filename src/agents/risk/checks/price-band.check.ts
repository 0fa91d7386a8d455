import type { Denial, PreTradeCheck } from './check-context.ts';

/** The fat-finger check: a limit price too far from the last price, in percent or in ATRs. */
export const priceBandCheck: PreTradeCheck = (c): Denial | null => {
  if (c.order.limitPrice === undefined || !c.mark) return null;
  const distance = Math.abs(c.order.limitPrice - c.mark.price);
  const distancePercent = (distance / c.mark.price) * 100;
  if (distancePercent > c.limits.priceBandPercent) {
    return {
      reasonCode: 'PRICE_BAND',
      detail: {
        limitPrice: c.order.limitPrice,
        lastPrice: c.mark.price,
        distancePercent: round(distancePercent),
        limitPercent: c.limits.priceBandPercent,
      },
    };
  }
  if (c.limits.priceBandAtr > 0 && c.atr !== null && c.atr > 0 && distance / c.atr > c.limits.priceBandAtr) {
    return {
      reasonCode: 'PRICE_BAND_ATR',
      detail: {
        limitPrice: c.order.limitPrice,
        lastPrice: c.mark.price,
        distanceAtr: round(distance / c.atr),
        atr: round(c.atr),
        limitAtr: c.limits.priceBandAtr,
      },
    };
  }
  return null;
};

const round = (x: number) => Math.round(x * 100) / 100;
