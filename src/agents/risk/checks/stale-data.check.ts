import type { Denial, PreTradeCheck } from './check-context.ts';

/** No price, or a price older than `staleDataMs`, and we do not trade the instrument. */
export const staleDataCheck: PreTradeCheck = (c): Denial | null => {
  if (!c.mark) return { reasonCode: 'NO_MARKET_DATA', detail: { instrumentId: c.order.instrumentId } };
  const age = c.now - c.mark.ts;
  return age > c.limits.staleDataMs ? { reasonCode: 'STALE_MARKET_DATA', detail: { ageMs: age, limitMs: c.limits.staleDataMs } } : null;
};
