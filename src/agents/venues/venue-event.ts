import type { EngineEvent } from '../../shared/messages/events.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as a venue states it, before the envelope: type and facts. */
export type VenueEventBody = DistributiveOmit<EngineEvent, 'tsEvent' | 'tsInit' | 'source' | 'decisionId'>;

/**
 * Puts the envelope on a venue's event: learned `now`, happened at `tsEvent` (default now: a bar
 * replay stamps what a bar decided with the bar's close), from `source`, in decision `decisionId`.
 */
export function stampVenueEvent(body: VenueEventBody, source: string, now: number, decisionId?: string, tsEvent?: number): EngineEvent {
  return { ...body, tsEvent: tsEvent ?? now, tsInit: now, source, ...(decisionId ? { decisionId } : {}) } as EngineEvent;
}
