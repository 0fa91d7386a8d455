import { toPrice, toQuantity, type Price, type Quantity } from '../../shared/domain/branded.ts';
import type { Instrument } from '../../shared/domain/instrument.ts';

/** The highest limit price a ticket may carry: far above any listed price, far below where rounding to ticks breaks. */
const MAX_LIMIT_PRICE = 1e9;

/**
 * A trader's ticket in the instrument's units, or why not, in one sentence naming the field. A
 * quantity that is not a whole number of lots is refused, never rounded (0.5 had become an
 * approved order for 0), and a price is refused before rounding to ticks could make it Infinity.
 */
export function ticketUnits(
  instrument: Instrument,
  quantity: number,
  prices: { limitPrice?: number | undefined; stopPrice?: number | undefined } = {},
): { ok: true; quantity: Quantity; limitPrice?: Price; stopPrice?: Price } | { ok: false; error: string } {
  const lots = quantity / instrument.lotSize;
  if (Math.abs(lots - Math.round(lots)) > 1e-9 || Math.round(lots) < 1)
    return {
      ok: false,
      error: `quantity: ${quantity} is not a whole number of lots (lot size ${instrument.lotSize}) for ${instrument.id}`,
    };
  const units: { ok: true; quantity: Quantity; limitPrice?: Price; stopPrice?: Price } = {
    ok: true as const,
    quantity: toQuantity(Math.round(lots) * instrument.lotSize, instrument.lotSize),
  };
  for (const field of ['limitPrice', 'stopPrice'] as const) {
    const given = prices[field];
    if (given === undefined) continue;
    if (!(given <= MAX_LIMIT_PRICE))
      return { ok: false, error: `${field}: ${given} is above the highest price accepted (${MAX_LIMIT_PRICE})` };
    const price = toPrice(given, instrument.tickSize);
    if (!(price > 0)) return { ok: false, error: `${field}: ${given} rounds to ${price} at the tick size ${instrument.tickSize}` };
    units[field] = price;
  }
  return units;
}
