import { toPrice, toQuantity } from '../../shared/domain/branded.ts';
import type { Instrument } from '../../shared/domain/instrument.ts';
import { hasLimitPrice, hasStopPrice, TIMES_IN_FORCE, type Order } from '../../shared/domain/orders.ts';
import type { OrderChanges, VenueOrderRequest } from './venue.ts';

/**
 * Why a venue refuses an order, or null if it takes it, in words. One set of rules for every venue
 * (the venue contract suite holds each to them): the instrument is listed, a positive whole number
 * of lots, a time in force the order type allows, positive limit and stop prices on the tick grid
 * where the type has them.
 */
export function validateVenueOrder(r: VenueOrderRequest, instrument: Instrument | undefined, venueName: string): string | null {
  if (!instrument) return `the ${venueName} does not list ${r.instrumentId}`;
  if (!Number.isFinite(r.quantity) || r.quantity <= 0) return `quantity must be a positive number, got ${r.quantity}`;
  const lots = r.quantity / instrument.lotSize;
  if (Math.abs(lots - Math.round(lots)) > 1e-9) return `quantity ${r.quantity} is not a whole number of lots of ${instrument.lotSize}`;
  const name = r.type === 'stop_limit' ? 'stop-limit' : r.type;
  if (!TIMES_IN_FORCE[r.type].includes(r.timeInForce))
    return `a ${name} order cannot be ${r.timeInForce.toUpperCase()}${hasStopPrice(r.type) ? ': it waits for its stop (DAY or GTC)' : ''}`;
  const limit = hasLimitPrice(r.type) ? priceProblem('limit', `a ${name} order`, r.limitPrice, instrument) : null;
  return limit ?? (hasStopPrice(r.type) ? priceProblem('stop', `a ${name} order`, r.stopPrice, instrument) : null);
}

function priceProblem(which: 'limit' | 'stop', what: string, price: number | undefined, instrument: Instrument): string | null {
  if (price === undefined || !Number.isFinite(price) || price <= 0) return `${what} needs a positive ${which} price, got ${price}`;
  const ticks = price / instrument.tickSize;
  if (Math.abs(ticks - Math.round(ticks)) > 1e-6)
    return `${which} price ${price} is not a multiple of the tick size ${instrument.tickSize}`;
  return null;
}

/**
 * The order an amend makes of a working order, or why a venue refuses it, in words (the same rules
 * on every venue): a limit order's quantity and limit price; a stop or stop-limit order's stop price
 * too while it waits for its stop (`stopWaiting`); a set-off stop trades as a market order and
 * cannot change; the new quantity stays above what already filled; prices on the tick grid.
 */
export function amendVenueOrder(
  order: Order,
  changes: OrderChanges,
  stopWaiting: boolean,
  instrument: Instrument | undefined,
  venueName: string,
): { order: Order } | { problem: string } {
  const name = order.type === 'stop_limit' ? 'stop-limit' : order.type;
  if (order.type === 'market') return { problem: 'a market order cannot be amended' };
  if (order.type === 'stop' && !stopWaiting) return { problem: 'its stop was set off: it trades as a market order and cannot change' };
  if (changes.limitPrice !== undefined && !hasLimitPrice(order.type)) return { problem: `a ${name} order has no limit price` };
  if (changes.stopPrice !== undefined && !hasStopPrice(order.type)) return { problem: `a ${name} order has no stop price` };
  if (changes.stopPrice !== undefined && !stopWaiting)
    return { problem: 'its stop was set off already: only its quantity and limit price can change' };
  const quantity = changes.quantity ?? order.quantity;
  if (!(quantity > order.filledQuantity))
    return { problem: `the new quantity ${quantity} must be above what already filled (${order.filledQuantity})` };
  const next: Order = {
    ...order,
    quantity: toQuantity(quantity),
    ...(changes.limitPrice !== undefined ? { limitPrice: toPrice(changes.limitPrice, 1e-8) } : {}),
    ...(changes.stopPrice !== undefined ? { stopPrice: toPrice(changes.stopPrice, 1e-8) } : {}),
  };
  const problem = validateVenueOrder(next, instrument, venueName);
  return problem ? { problem } : { order: next };
}
