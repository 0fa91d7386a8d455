import { instrumentsContract } from '../../shared/contracts/instruments.contract.ts';
import type { Kernel } from '../engine/kernel.ts';
import { restartSoon } from './engine-restart.ts';
import { InstrumentStore } from '../store/instrument-store.ts';
import { readVenueSettings } from '../store/projections.ts';
import { IbLookup, LOOKUP_CLIENT_ID } from '../venues/ibkr/ib-lookup.ts';
import { planVenueSwitch } from '../venues/venue-switch.ts';

/**
 * The symbol search of the workstation: the session's own instruments that match, and IB's stocks
 * (through a lookup connection of its own to where the profile's IB settings point). Adding one
 * resolves it through IB (contract id, tick, hours), keeps it in the profile, and adds it to the IB
 * session's symbols: journaled as a venue change, on which an IB session restarts.
 */
export function registerInstrumentServices(
  kernel: Pick<Kernel, 'services' | 'store' | 'clock' | 'bus' | 'market' | 'onStop'>,
  restartEngine: ((reason: string) => void) | null,
): void {
  const lookup = new IbLookup(() => {
    const venue = readVenueSettings(kernel.store.db);
    return { host: venue.host, port: venue.port, clientId: LOOKUP_CLIENT_ID };
  }, kernel.clock);
  kernel.onStop(() => lookup.close());

  kernel.services.register(instrumentsContract, {
    search: async ({ text }) => {
      const wanted = text.toUpperCase();
      const session = kernel.market.instruments.filter(
        (i) => i.symbol.toUpperCase().includes(wanted) || i.id.toUpperCase().includes(wanted),
      );
      const found = await lookup.search(text);
      return found.ok
        ? { session, ib: found.value.filter((m) => m.secType === 'STK'), ibError: null }
        : { session, ib: [], ibError: found.error };
    },
    add: async ({ symbol, exchange, currency }) => {
      const resolved = await lookup.resolve({ symbol, exchange, currency });
      if (!resolved.ok) throw new Error(resolved.error);
      const details = resolved.value;
      const kept = InstrumentStore.besideJournal(kernel.store.file);
      try {
        kept.save(details);
      } finally {
        kept.close();
      }
      const venue = readVenueSettings(kernel.store.db);
      const name = `${details.symbol} (${details.longName || details.primaryExchange}, ${details.currency}, tick ${details.minTick})`;
      if (venue.symbols.includes(details.symbol))
        return { details, message: `${name} is in the IB session's symbols already; its details are kept` };
      const event = planVenueSwitch(
        kernel.store,
        { wanted: { ...venue, symbols: [...venue.symbols, details.symbol] } },
        kernel.clock.now(),
      );
      if (event) kernel.bus.publish('VenueSwitched', event);
      if (venue.mode === 'sim')
        return { details, message: `${name} added to the IB session's symbols: it streams when the profile trades through IB` };
      if (!restartSoon(kernel.clock, restartEngine, `added ${details.symbol}`))
        return { details, message: `${name} added: the session lists it when the engine next starts` };
      return { details, message: `${name} added: the engine restarts with it now` };
    },
  });
}
