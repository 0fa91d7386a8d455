import { z } from 'zod';

/** A price in the instrument's quote currency. Finite; may be negative only for spreads. */
export const PriceSchema = z.number().finite().brand<'Price'>();
export type Price = z.infer<typeof PriceSchema>;

/** An unsigned quantity (shares, contracts, units). Direction is carried by `side`, never by sign. */
export const QuantitySchema = z.number().finite().nonnegative().brand<'Quantity'>();
export type Quantity = z.infer<typeof QuantitySchema>;

/** Milliseconds since the Unix epoch, UTC. The only unit of time on the wire. */
export const TimestampSchema = z.number().int().nonnegative();
export type Timestamp = number;

/** Rounds `value` to the nearest multiple of `tick` and brands it; throws on a non-finite input. */
export function toPrice(value: number, tick: number): Price {
  if (!Number.isFinite(value)) throw new RangeError(`price is not a finite number: ${value}`);
  const decimals = decimalsOf(tick);
  return Number((Math.round(value / tick) * tick).toFixed(decimals)) as Price;
}

/** Rounds down to whole lots and brands; throws on a negative or non-finite input. */
export function toQuantity(value: number, lot = 1): Quantity {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`quantity must be a finite number ≥ 0: ${value}`);
  return Number((Math.floor(value / lot + 1e-9) * lot).toFixed(decimalsOf(lot))) as Quantity;
}

/** Digits after the point of a step, also for steps JavaScript prints in exponent form (1e-7). */
export function decimalsOf(step: number): number {
  const [mantissa = '', exponent = '0'] = step.toString().split('e');
  const dot = mantissa.indexOf('.');
  const fraction = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, fraction - Number(exponent));
}
