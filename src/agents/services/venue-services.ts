import { venueContract } from '../../shared/contracts/venue.contract.ts';
import { VENUE_BANNER } from '../../shared/domain/venue.ts';
import type { Kernel } from '../engine/kernel.ts';
import { restartSoon } from './engine-restart.ts';
import { readVenueSettings } from '../store/projections.ts';
import { checkedVenueSwitch } from '../venues/venue-switch.ts';

/**
 * The venue switch from the UI: the same guards and IB check as `quorum serve --venue`, the switch
 * journaled, then the engine asks its host to restart it (a session is built on its venue). Without
 * a host that can restart it (a test), the switch is journaled and takes effect at the next start.
 */
export function registerVenueServices(
  kernel: Pick<Kernel, 'services' | 'store' | 'clock' | 'bus'>,
  restartEngine: ((reason: string) => void) | null,
): void {
  kernel.services.register(venueContract, {
    settings: () => readVenueSettings(kernel.store.db),
    switch: async ({ settings, confirmLive, carryPositions }) => {
      const event = await checkedVenueSwitch(kernel.store, { wanted: settings, confirmLive, carryPositions }, kernel.clock);
      if (!event) return { switched: false, message: 'nothing changed' };
      kernel.bus.publish('VenueSwitched', event);
      const to = VENUE_BANNER[event.settings.mode];
      if (!restartSoon(kernel.clock, restartEngine, `switched to ${to}`))
        return { switched: true, message: `switched to ${to}; it takes effect when the engine next starts` };
      return { switched: true, message: `switched to ${to}: the engine restarts on it now, with the agents' trading off` };
    },
  });
}
