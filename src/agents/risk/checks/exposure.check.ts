import { orderPrice, positionValueAfter, reducesPosition, type PreTradeCheck } from './check-context.ts';

function exposuresAfter(c: Parameters<PreTradeCheck>[0]) {
  const price = orderPrice(c) ?? 0;
  const current = c.portfolio.positions.find((p) => p.instrumentId === c.order.instrumentId)?.marketValue ?? 0;
  const after = positionValueAfter(c, price);
  return {
    gross: c.portfolio.grossExposure - Math.abs(current) + Math.abs(after),
    net: c.portfolio.netExposure - current + after,
    valueAfter: after,
  };
}

export const grossExposureCheck: PreTradeCheck = (c) => {
  if (reducesPosition(c)) return null;
  const { gross } = exposuresAfter(c);
  return gross > c.limits.maxGrossExposure
    ? { reasonCode: 'MAX_GROSS_EXPOSURE', detail: { grossAfter: round(gross), limit: c.limits.maxGrossExposure } }
    : null;
};

export const netExposureCheck: PreTradeCheck = (c) => {
  if (reducesPosition(c)) return null;
  const { net } = exposuresAfter(c);
  return Math.abs(net) > c.limits.maxNetExposure
    ? { reasonCode: 'MAX_NET_EXPOSURE', detail: { netAfter: round(net), limit: c.limits.maxNetExposure } }
    : null;
};

/** One instrument's share of equity after the order. */
export const concentrationCheck: PreTradeCheck = (c) => {
  if (reducesPosition(c) || c.portfolio.equity <= 0) return null;
  const share = Math.abs(exposuresAfter(c).valueAfter) / c.portfolio.equity;
  return share > c.limits.maxConcentration
    ? {
        reasonCode: 'CONCENTRATION',
        detail: { shareAfter: round(share), limit: c.limits.maxConcentration, equity: round(c.portfolio.equity) },
      }
    : null;
};

/** Equity × leverage, less what is already exposed and what open orders may still add. */
export const buyingPowerCheck: PreTradeCheck = (c) => {
  if (reducesPosition(c)) return null;
  const price = orderPrice(c) ?? 0;
  const pending = c.openOrders.reduce(
    (s, o) => s + (o.quantity - o.filledQuantity) * (o.limitPrice ?? o.stopPrice ?? c.markOf(o.instrumentId) ?? price),
    0,
  );
  const power = c.portfolio.equity * c.limits.maxLeverage - c.portfolio.grossExposure - pending;
  const notional = c.order.quantity * price;
  return notional > power ? { reasonCode: 'BUYING_POWER', detail: { notional: round(notional), buyingPower: round(power) } } : null;
};

const round = (x: number) => Math.round(x * 100) / 100;
