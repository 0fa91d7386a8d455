import type { Order } from '../../shared/domain/orders.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as a venue states it, before the envelope: type and facts. */
export type VenueEventBody = DistributiveOmit<EngineEvent, 'tsEvent' | 'tsInit' | 'source' | 'decisionId'>;

/** OrderAmended for an order as its amend left it: its total quantity and the prices its type has. */
export function orderAmended(o: Order): VenueEventBody {
  return {
    type: 'OrderAmended',
    clientOrderId: o.clientOrderId,
    quantity: o.quantity,
    ...(o.limitPrice !== undefined ? { limitPrice: o.limitPrice } : {}),
    ...(o.stopPrice !== undefined ? { stopPrice: o.stopPrice } : {}),
  };
}

/**
 * Puts the envelope on a venue's event: learned `now`, happened at `tsEvent` (default now: a bar
 * replay stamps what a bar decided with the bar's close), from `source`, in decision `decisionId`.
 */
export function stampVenueEvent(body: VenueEventBody, source: string, now: number, decisionId?: string, tsEvent?: number): EngineEvent {
  return { ...body, tsEvent: tsEvent ?? now, tsInit: now, source, ...(decisionId ? { decisionId } : {}) } as EngineEvent;
}
