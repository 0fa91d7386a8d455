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
 * - quantity: at most the bar's volume not already taken by our earlier orders in the same bar;
 *   FOK fills only if the whole remainder fits.
 *
 * What is left of a market, IOC or FOK order after its first bar is canceled; a GTC or day limit
 * order waits for the next bar.
 */
export function fillAgainstBar(order: Order, bar: Bar, available: number, fees: FeeModel, feeBase: number) {
  const remaining = order.quantity - order.filledQuantity;
  const limit = order.limitPrice!;
  const price =
    order.type === 'market'
      ? bar.open
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
