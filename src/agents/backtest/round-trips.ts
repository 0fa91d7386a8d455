import type { Fill } from '../../shared/domain/orders.ts';

export interface RoundTrip {
  instrumentId: string;
  openedAt: number;
  closedAt: number | null;
  side: 'long' | 'short';
  /** Realised P&L net of fees (an open trip is marked at the last price). */
  pnl: number;
}

/**
 * Cuts an instrument's fills into round trips: a trip opens when the position leaves zero and
 * closes when it returns to zero (a fill that crosses zero closes one trip and opens the next).
 */
export function roundTrips(fills: readonly Fill[], lastPrice: (instrumentId: string) => number): RoundTrip[] {
  const trips: RoundTrip[] = [];
  const open = new Map<string, { trip: RoundTrip; quantity: number; cash: number }>();
  for (const f of fills) {
    let signed = (f.side === 'buy' ? 1 : -1) * f.quantity;
    let fee = f.fee;
    while (signed !== 0) {
      let o = open.get(f.instrumentId);
      if (!o) {
        o = {
          trip: { instrumentId: f.instrumentId, openedAt: f.ts, closedAt: null, side: signed > 0 ? 'long' : 'short', pnl: 0 },
          quantity: 0,
          cash: 0,
        };
        open.set(f.instrumentId, o);
        trips.push(o.trip);
      }
      // Only the part that brings the position to zero belongs to this trip.
      const part =
        o.quantity !== 0 && Math.sign(signed) !== Math.sign(o.quantity)
          ? Math.sign(signed) * Math.min(Math.abs(signed), Math.abs(o.quantity))
          : signed;
      o.quantity += part;
      o.cash -= part * f.price + fee;
      fee = 0;
      signed -= part;
      if (o.quantity === 0) {
        o.trip.pnl = o.cash;
        o.trip.closedAt = f.ts;
        open.delete(f.instrumentId);
      }
    }
  }
  for (const [id, o] of open) o.trip.pnl = o.cash + o.quantity * lastPrice(id);
  return trips;
}
