import type { Bar } from '../../shared/domain/market.ts';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import { silentLogger } from '../../shared/logger.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import { loadNativeBinding, orderBooks } from '../../native/index.ts';
import { TestClock } from '../engine/clock.ts';
import { MessageBus } from '../engine/message-bus.ts';
import { BarFillVenue } from './simulated/bar-fill-venue.ts';
import { replayInstrument } from './simulated/paper-market.ts';
import { SimulatedExchange } from './simulated/simulated-exchange.ts';
import { SimulatedVenue } from './simulated/simulated-venue.ts';
import { SIMULATED_INSTRUMENTS } from './simulated/sim-instruments.ts';
import { describeVenueContract, type VenueHarness } from './venue-contract.test-helper.ts';
import { interactiveBrokers } from './ibkr/ib-venue-harness.test-helper.ts';

function world() {
  const bus = new MessageBus();
  const clock = new TestClock(1_000_000);
  const events: EngineEvent[] = [];
  bus.subscribe<EngineEvent>('*', (e) => events.push(e));
  return { bus, clock, events, ctx: { bus, clock, random: new SeededRandom(1), log: silentLogger, dispatch: () => {} } };
}

/** The paper exchange: our venue on the order books; the "market" is crowd orders placed in the book. */
function simulated(impl: 'native' | 'ts'): VenueHarness {
  const w = world();
  const instrument = SIMULATED_INSTRUMENTS[0]!.instrument;
  const exchange = new SimulatedExchange(
    SIMULATED_INSTRUMENTS.map((i) => i.instrument),
    orderBooks(impl),
  );
  const venue = new SimulatedVenue(w.ctx, exchange, { latency: { submitMs: 5, cancelMs: 3, jitterMs: 0 } });
  venue.start();
  let crowd = 1;
  return {
    venue,
    events: w.events,
    instrument,
    price: 100,
    offer: (price, quantity) => exchange.limit(instrument.id, crowd++, 1, Math.round(price / instrument.tickSize), quantity),
    // Two crowd orders that cross: a trade of one unit at `price`.
    trade: (price) => {
      const ticks = Math.round(price / instrument.tickSize);
      exchange.limit(instrument.id, crowd++, 1, ticks, 1);
      exchange.limit(instrument.id, crowd++, 0, ticks, 1, 1);
    },
    settle: () => w.clock.advanceBy(50),
  };
}

/** The bars-only replay: the "market" is the next bar, whose volume is what can fill. */
function barReplay(): VenueHarness {
  const w = world();
  const instrument = replayInstrument('contract.csv');
  const venue = new BarFillVenue(w.ctx, [instrument]);
  venue.start();
  const DAY = 86_400_000;
  let day = 0;
  // The next bar: the prices it trades at, in order, and the volume offered in it.
  let next: { prices: number[]; volume: number } | null = null;
  return {
    venue,
    events: w.events,
    instrument,
    price: 100,
    offer: (price, quantity) => (next = { prices: [...(next?.prices ?? []), price], volume: (next?.volume ?? 0) + quantity }),
    trade: (price) => (next = { prices: [...(next?.prices ?? []), price], volume: next?.volume ?? 0 }),
    settle: () => {
      const { prices, volume } = next ?? { prices: [100], volume: 0 };
      next = null;
      const bar = {
        instrumentId: instrument.id as InstrumentId,
        intervalMs: DAY,
        ts: ++day * DAY,
        open: prices[0]!,
        high: Math.max(...prices),
        low: Math.min(...prices),
        close: prices.at(-1)!,
        volume,
      } as Bar;
      w.bus.publish('BarClosed', { type: 'BarClosed', tsEvent: bar.ts + DAY, tsInit: 0, source: 'test', bar });
    },
  };
}

for (const impl of loadNativeBinding().binding ? (['native', 'ts'] as const) : (['ts'] as const))
  describeVenueContract(`simulated exchange (${impl} book)`, () => simulated(impl));
describeVenueContract('bar replay', barReplay);
describeVenueContract('Interactive Brokers (fake gateway)', interactiveBrokers);
