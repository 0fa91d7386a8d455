import { afterAll, describe, expect, it } from 'vitest';
import type { Fill } from '../../shared/domain/orders.ts';
import { silentLogger } from '../../shared/logger.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import type { EngineEvent, EventOf } from '../../shared/messages/events.ts';
import { TestClock } from '../engine/clock.ts';
import { MessageBus } from '../engine/message-bus.ts';
import { PortfolioTracker } from '../portfolio/portfolio-tracker.ts';
import { verifyChain } from './chain.ts';
import { readFill } from './order-projections.ts';
import { readAccount, readHolding, readHoldings, readInstrumentFills } from './portfolio-projections.ts';
import { Store } from './store.ts';
import { tempDir } from './store-fixtures.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);

const ID = 'IB:AAPL';
let profiles = 0;
const at = { tsEvent: 1, tsInit: 1, source: 'venue.ibkr' };

function submitted(clientOrderId: string, side: 'buy' | 'sell', quantity: number): EngineEvent {
  const order = {
    clientOrderId,
    instrumentId: ID,
    side,
    type: 'market',
    quantity,
    timeInForce: 'day',
    status: 'submitted',
    filledQuantity: 0,
    createdAt: 1,
  };
  return { type: 'OrderSubmitted', ...at, order } as unknown as EngineEvent;
}

function filled(fill: Fill): EngineEvent {
  return { type: 'OrderFilled', ...at, fill, leavesQuantity: 0 } as unknown as EngineEvent;
}

const buy: Fill = {
  fillId: 'B-1-e1.01',
  clientOrderId: 'B-1',
  instrumentId: ID,
  side: 'buy',
  price: 10,
  quantity: 100,
  fee: 1,
  ts: 1,
} as Fill;
const sell: Fill = {
  fillId: 'S-1-e2.01',
  clientOrderId: 'S-1',
  instrumentId: ID,
  side: 'sell',
  price: 12,
  quantity: 60,
  fee: 1,
  ts: 2,
} as Fill;

function corrected(correctionId: string, was: Fill, now: Partial<Pick<Fill, 'price' | 'quantity' | 'fee'>>): EventOf<'FillCorrected'> {
  return {
    type: 'FillCorrected',
    ...at,
    correctionId,
    fill: { ...was, ...now } as Fill,
    was: { price: was.price, quantity: was.quantity, fee: was.fee },
  };
}

/** A profile that bought 100 @ 10 and sold 60 @ 12 (fee 1 each), and a tracker started from it, as after a restart. */
function roundTrip() {
  const store = Store.open(tmp.file(`c${profiles++}.sqlite`));
  store.record(submitted('B-1', 'buy', 100), filled(buy), submitted('S-1', 'sell', 60), filled(sell));
  const bus = new MessageBus();
  const ctx = { bus, clock: new TestClock(1), random: new SeededRandom(1), log: silentLogger, dispatch: () => {} };
  const tracker = new PortfolioTracker(ctx, { holdings: readHoldings(store.db), ...readAccount(store.db) }, (id) =>
    readInstrumentFills(store.db, id),
  );
  tracker.start();
  // As in the kernel: the journal (and its projections) first, then the agents.
  const apply = (e: EventOf<'FillCorrected'>) => {
    store.record(e);
    bus.publish(e.type, e);
  };
  return { store, tracker, apply };
}

describe('a broker’s correction of a fill', () => {
  it('restates the position, the realised P&L of the later close, cash and fees, in the projections and the tracker alike', () => {
    const { store, tracker, apply } = roundTrip();
    expect(readHolding(store.db, ID)).toEqual({ quantity: 40, averagePrice: 10, realizedPnl: 120 });
    expect(readAccount(store.db).cash).toBeCloseTo(1_000_000 - 1_000 - 1 + 720 - 1, 9);

    // The buy was at 9.50, not 10, with a commission of 1.50: the close realised 2.50 a share, not 2.
    apply(corrected('e1.02', buy, { price: 9.5 as never, fee: 1.5 }));
    expect(readHolding(store.db, ID)).toEqual({ quantity: 40, averagePrice: 9.5, realizedPnl: 150 });
    expect(readAccount(store.db)).toMatchObject({ cash: 1_000_000 - 950 - 1.5 + 720 - 1, fees: 2.5 });
    expect(readFill(store.db, buy.fillId)).toMatchObject({ price: 9.5, quantity: 100, fee: 1.5 });

    // Then the sell was 50 shares, not 60: 10 more held, 10 × 12 less received.
    apply(corrected('e2.02', sell, { quantity: 50 as never }));
    expect(readHolding(store.db, ID)).toEqual({ quantity: 50, averagePrice: 9.5, realizedPnl: 125 });
    expect(readAccount(store.db)).toMatchObject({ cash: 1_000_000 - 950 - 1.5 + 600 - 1, fees: 2.5 });
    const order = store.db.prepare('SELECT filled_quantity AS q, fees FROM orders WHERE client_order_id = ?').get('S-1');
    expect(order).toEqual({ q: 50, fees: 1 });

    // The engine's own book agrees with the projections, without a restart.
    expect(tracker.holding(ID)).toEqual(readHolding(store.db, ID));
    expect(tracker.snapshot()).toMatchObject({ cash: readAccount(store.db).cash, fees: 2.5 });
    store.close();
  });

  it('applies once: the same correction told again is refused by the key, and the chain stays whole', () => {
    const { store, apply } = roundTrip();
    const correction = corrected('e1.02', buy, { price: 9.5 as never });
    apply(correction);
    expect(store.isCorrectionJournaled('e1.02')).toBe(true);
    expect(() => store.record(correction)).toThrow(/UNIQUE/);
    expect(readHolding(store.db, ID)).toEqual({ quantity: 40, averagePrice: 9.5, realizedPnl: 150 });
    expect(verifyChain(store.journal.rows())).toEqual({ ok: true, count: 5 });
    store.close();
  });
});
