import type { Bar } from '../../../shared/domain/market.ts';
import type { Order } from '../../../shared/domain/orders.ts';
import { feeForFill, type FeeModel } from './fee-model.ts';

export { DEFAULT_FEES, type FeeModel } from './fee-model.ts';

/**
 * How an order fills against a bar when only bars exist (a replay), always the first bar that
 * closes after the order arrived, so a decision never trades on the bar it was made from:
 *
 * - market: at the bar's open;
 * - limit buy: at the open if the open is at or below the limit, else at the limit if the low
 *   reaches it, else not at all; a limit sell mirrors this with the high;
 * - stop and stop-limit: set off by the first bar whose high (a buy) or low (a sell) reaches the
 *   stop, at the stop or, when the bar opens beyond it (a gap), at the open (`stopReached`); a stop
 *   then fills at that price, a stop-limit there if the price is within its limit, and on later
 *   bars by the limit rule (what the bar did after the stop is not known, so it does not fill on it);
 * - quantity: at most the bar's volume not already taken by our earlier orders in the same bar;
 *   FOK fills only if the whole remainder fits.
 *
 * What is left of a market, IOC or FOK order, or of a stop once set off, after its bar is canceled;
 * a GTC or day limit order waits for the next bar.
 */
export function fillAgainstBar(order: Order, bar: Bar, available: number, fees: FeeModel, feeBase: number, stopAt?: number) {
  const remaining = order.quantity - order.filledQuantity;
  const limit = order.limitPrice!;
  const withinLimit = (p: number) => (order.side === 'buy' ? p <= limit : p >= limit);
  const price =
    order.type === 'market'
      ? bar.open
      : order.type === 'stop'
        ? (stopAt ?? bar.open)
        : stopAt !== undefined
          ? withinLimit(stopAt)
            ? stopAt
            : null
          : order.side === 'buy'
            ? bar.open <= limit
              ? bar.open
              : bar.low <= limit
                ? limit
                : null
            : bar.open >= limit
              ? bar.open
              : bar.high >= limit
                ? limit
                : null;
  if (price === null || available <= 0) return null;
  const quantity = Math.min(remaining, Math.floor(available));
  if (quantity <= 0 || (order.timeInForce === 'fok' && quantity < remaining)) return null;
  const { fee, baseAfter } = feeForFill(fees, quantity, price, feeBase);
  return { price, quantity, fee, feeBase: baseAfter };
}

/** Where a waiting stop or stop-limit order is set off in `bar`, or null if the bar does not reach its stop. */
export function stopReached(order: Order, bar: Bar): number | null {
  const stop = order.stopPrice!;
  if (order.side === 'buy') return bar.high >= stop ? Math.max(bar.open, stop) : null;
  return bar.low <= stop ? Math.min(bar.open, stop) : null;
}
