import type { Instrument } from '../../shared/domain/instrument.ts';
import type { VenueOrderRequest } from './venue.ts';

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
  const tif = r.timeInForce;
  if (r.type === 'market') return tif === 'gtc' || tif === 'day' || tif === 'ioc' ? null : `a market order cannot be ${tif.toUpperCase()}`;
  // A stop waits for the market to reach it: an order that must trade at once cannot.
  if ((r.type === 'stop' || r.type === 'stop_limit') && tif !== 'gtc' && tif !== 'day')
    return `a ${r.type === 'stop' ? 'stop' : 'stop-limit'} order cannot be ${tif.toUpperCase()}: it waits for its stop (DAY or GTC)`;
  if (r.type !== 'stop') {
    const problem = priceProblem('limit', r.type === 'limit' ? 'a limit order' : 'a stop-limit order', r.limitPrice, instrument);
    if (problem) return problem;
  }
  return r.type === 'limit' ? null : priceProblem('stop', `a ${r.type === 'stop' ? 'stop' : 'stop-limit'} order`, r.stopPrice, instrument);
}

function priceProblem(which: 'limit' | 'stop', what: string, price: number | undefined, instrument: Instrument): string | null {
  if (price === undefined || !Number.isFinite(price) || price <= 0) return `${what} needs a positive ${which} price, got ${price}`;
  const ticks = price / instrument.tickSize;
  if (Math.abs(ticks - Math.round(ticks)) > 1e-6)
    return `${which} price ${price} is not a multiple of the tick size ${instrument.tickSize}`;
  return null;
}
