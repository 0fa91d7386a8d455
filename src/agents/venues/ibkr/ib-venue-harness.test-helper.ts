import { SecType } from '@stoqey/ib';
import { silentLogger } from '../../../shared/logger.ts';
import { InstrumentSchema } from '../../../shared/domain/instrument.ts';
import type { EngineEvent } from '../../../shared/messages/events.ts';
import { SeededRandom } from '../../../shared/math/seeded-random.ts';
// A broker lives in real time: its reconnects wait on the wall clock.
import { LiveClock } from '../../engine/live-clock.ts';
import { MessageBus } from '../../engine/message-bus.ts';
import type { VenueHarness } from '../venue-contract.test-helper.ts';
import { FakeGateway } from './fake-gateway.ts';
import { IbVenue } from './ib-venue.ts';
import { storeLedger } from './ib-market.ts';
import { Store } from '../../store/store.ts';
import { tempDir } from '../../store/store-fixtures.ts';

/** Interactive Brokers through the fake gateway: the "market" is liquidity offered at the gateway. */
/** The contract's harness, with the gateway behind it for tests of the IB venue's own. */
export async function interactiveBrokers(): Promise<VenueHarness & { gateway: FakeGateway }> {
  const gateway = await FakeGateway.start({ nextValidId: 100 });
  const bus = new MessageBus();
  const events: EngineEvent[] = [];
  bus.subscribe<EngineEvent>('*', (e) => events.push(e));
  const clock = new LiveClock();
  const pause = (ms: number) => new Promise<void>((r) => clock.after(ms, r));
  const w = { events, ctx: { bus, clock, random: new SeededRandom(1), log: silentLogger, dispatch: () => {} } };
  const instrument = InstrumentSchema.parse({ id: 'IB:AAPL', symbol: 'AAPL', venue: 'IB', currency: 'USD', tickSize: 0.01, lotSize: 1 });
  // Order ids come from a real profile's ledger, as in a session.
  const profile = tempDir('quorum-ib-');
  const store = Store.open(profile.file('quorum.sqlite'));
  const venue = new IbVenue(w.ctx, {
    endpoint: { host: '127.0.0.1', port: gateway.port, clientId: 11 },
    instruments: [{ instrument, contract: { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' } }],
    ledger: storeLedger(store, 'ibkr:test:11'),
  });
  venue.start();
  for (let i = 0; i < 300 && !venue.isConnected(); i++) await pause(10);
  if (!venue.isConnected()) throw new Error('the venue did not connect to the fake gateway');
  return {
    gateway,
    venue,
    events: w.events,
    instrument,
    price: 100,
    offer: (price, quantity) => gateway.offer('AAPL', price, quantity),
    trade: (price) => gateway.print('AAPL', price, 1),
    // Answers cross a socket: settled when neither side has said anything for a while — longer than
    // the client's pacing window (it sends at most 5 messages per 100 ms and holds the rest back).
    settle: async () => {
      let last = -1;
      for (let quiet = 0; quiet < 3;) {
        await pause(50);
        const now = w.events.length + gateway.sessions.reduce((n, s) => n + s.received.length, 0);
        quiet = now === last ? quiet + 1 : 0;
        last = now;
      }
    },
    close: async () => {
      venue.stop();
      await gateway.stop();
      store.close();
      profile.cleanup();
    },
  };
}
