import type { Venue } from './venue.ts';

/**
 * A venue for tests of what sits in front of venues (risk, the kill switch): it takes everything and
 * answers nothing, so what the test sees is the code under test's own doing. `over` replaces methods.
 */
export function quietVenue(over: Partial<Venue> = {}): Venue {
  return {
    name: 'quiet',
    isConnected: () => true,
    submit: () => {},
    cancel: () => {},
    amend: () => {},
    cancelAll: () => {},
    openOrders: () => [],
    reconcileWithJournal: () => {},
    ...over,
  };
}
