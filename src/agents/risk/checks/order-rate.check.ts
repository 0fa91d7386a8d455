import type { Denial, PreTradeCheck } from './check-context.ts';

/** At most N orders per second and per minute reach the venue. */
export const orderRateCheck: PreTradeCheck = (c): Denial | null => {
  const inLast = (ms: number) => c.sentAt.filter((t) => c.now - t < ms).length;
  const perSecond = inLast(1_000);
  if (perSecond >= c.limits.maxOrdersPerSecond)
    return { reasonCode: 'ORDER_RATE_SECOND', detail: { ordersInLastSecond: perSecond, limit: c.limits.maxOrdersPerSecond } };
  const perMinute = inLast(60_000);
  if (perMinute >= c.limits.maxOrdersPerMinute)
    return { reasonCode: 'ORDER_RATE_MINUTE', detail: { ordersInLastMinute: perMinute, limit: c.limits.maxOrdersPerMinute } };
  return null;
};
