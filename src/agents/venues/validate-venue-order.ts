import type { Instrument } from '../../shared/domain/instrument.ts';
import type { VenueOrderRequest } from './venue.ts';

/**
 * Why a venue refuses an order, or null if it takes it, in words. One set of rules for every venue
 * (the venue contract suite holds each to them): the instrument is listed, a positive whole number
 * of lots, a time in force the order type allows, a positive limit price on the tick grid.
 */
export function validateVenueOrder(r: VenueOrderRequest, instrument: Instrument | undefined, venueName: string): string | null {
  if (!instrument) return `the ${venueName} does not list ${r.instrumentId}`;
  if (!Number.isFinite(r.quantity) || r.quantity <= 0) return `quantity must be a positive number, got ${r.quantity}`;
  const lots = r.quantity / instrument.lotSize;
  if (Math.abs(lots - Math.round(lots)) > 1e-9) return `quantity ${r.quantity} is not a whole number of lots of ${instrument.lotSize}`;
  if (r.type === 'market')
    return r.timeInForce === 'gtc' || r.timeInForce === 'day' || r.timeInForce === 'ioc'
      ? null
      : `a market order cannot be ${r.timeInForce.toUpperCase()}`;
  if (r.limitPrice === undefined || !Number.isFinite(r.limitPrice) || r.limitPrice <= 0)
    return `a limit order needs a positive limit price, got ${r.limitPrice}`;
  const ticks = r.limitPrice / instrument.tickSize;
  if (Math.abs(ticks - Math.round(ticks)) > 1e-6)
    return `limit price ${r.limitPrice} is not a multiple of the tick size ${instrument.tickSize}`;
  return null;
}
