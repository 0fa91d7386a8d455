import { afterEach, describe, expect, it } from 'vitest';
import type { Price, Quantity } from '../../shared/domain/branded.ts';
import type { Instrument, InstrumentId } from '../../shared/domain/instrument.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import type { Venue, VenueOrderRequest } from './venue.ts';

/**
 * What the venue contract suite needs from one venue under test: the venue, the events it
 * published, and two ways to move its market. Each venue (the simulated exchange, the bar replay,
 * Interactive Brokers through the fake gateway) provides a harness; every venue passes the same suite.
 */
export interface VenueHarness {
  venue: Venue;
  events: EngineEvent[];
  instrument: Instrument;
  /** A price around which the market trades now; limits far below it rest. */
  price: number;
  /** Someone will sell `quantity` at `price` (for our buys) by the next `settle()`. */
  offer(price: number, quantity: number): void;
  /** The market trades at `price` (someone else's trade, a bar reaching it) by the next `settle()`: what sets stops off. */
  trade(price: number): void;
  /**
   * Lets time pass until the venue has acted on everything sent and offered (latency, the next bar;
   * a broker's answers over its socket, hence a promise).
   */
  settle(): void | Promise<void>;
  /** Closes what the harness opened (a broker's connection). */
  close?(): void | Promise<void>;
}

/** Every venue, the same rules: answers are events, never return values. */
export function describeVenueContract(name: string, create: () => VenueHarness | Promise<VenueHarness>): void {
  describe(`venue contract: ${name}`, () => {
    let current: VenueHarness | null = null;
    afterEach(async () => {
      await current?.close?.();
      current = null;
    });
    let n = 0;
    const order = (h: VenueHarness, over: Partial<VenueOrderRequest> = {}): VenueOrderRequest => ({
      clientOrderId: `VC-${++n}`,
      instrumentId: h.instrument.id,
      side: 'buy',
      type: 'limit',
      quantity: (10 * h.instrument.lotSize) as Quantity,
      limitPrice: tick(h, h.price * 0.5),
      timeInForce: 'gtc',
      ...over,
    });
    const of = (h: VenueHarness, id: string) =>
      h.events.filter(
        (e) =>
          ('clientOrderId' in e && e.clientOrderId === id) ||
          (e.type === 'OrderFilled' && e.fill.clientOrderId === id) ||
          (e.type === 'OrderSubmitted' && e.order.clientOrderId === id),
      );
    const types = (h: VenueHarness, id: string) => of(h, id).map((e) => e.type);
    const fills = (h: VenueHarness, id: string) =>
      of(h, id).flatMap((e) => (e.type === 'OrderFilled' ? [[e.fill.quantity, e.leavesQuantity]] : []));

    it('answers with events only: submitted, then accepted; the order is open', async () => {
      const h = (current = await create());
      const o = order(h);
      expect(h.venue.submit(o)).toBeUndefined();
      await h.settle();
      expect(types(h, o.clientOrderId)).toEqual(['OrderSubmitted', 'OrderAccepted']);
      expect(h.venue.openOrders().map((x) => x.clientOrderId)).toContain(o.clientOrderId);
    });

    it('fills a limit order in full when the market reaches it', async () => {
      const h = (current = await create());
      const o = order(h, { limitPrice: tick(h, h.price), quantity: lots(h, 10) });
      h.offer(h.price, lots(h, 10));
      h.venue.submit(o);
      await h.settle();
      expect(fills(h, o.clientOrderId)).toEqual([[lots(h, 10), 0]]);
      expect(h.venue.openOrders().some((x) => x.clientOrderId === o.clientOrderId)).toBe(false);
    });

    it('fills in parts: what is left of a GTC limit keeps working', async () => {
      const h = (current = await create());
      const o = order(h, { limitPrice: tick(h, h.price), quantity: lots(h, 10) });
      h.offer(h.price, lots(h, 4));
      h.venue.submit(o);
      await h.settle();
      expect(fills(h, o.clientOrderId)).toEqual([[lots(h, 4), lots(h, 6)]]);
      expect(h.venue.openOrders().find((x) => x.clientOrderId === o.clientOrderId)?.filledQuantity).toBe(lots(h, 4));
      h.offer(h.price, lots(h, 6));
      await h.settle();
      expect(fills(h, o.clientOrderId)).toEqual([
        [lots(h, 4), lots(h, 6)],
        [lots(h, 6), 0],
      ]);
    });

    it('fills a market order with what is offered and cancels the rest of an IOC', async () => {
      const h = (current = await create());
      const o = order(h, { type: 'market', timeInForce: 'ioc', quantity: lots(h, 10) });
      delete o.limitPrice;
      h.offer(h.price, lots(h, 3));
      h.venue.submit(o);
      await h.settle();
      expect(fills(h, o.clientOrderId)).toEqual([[lots(h, 3), lots(h, 7)]]);
      expect(of(h, o.clientOrderId).at(-1)).toMatchObject({ type: 'OrderCanceled', leavesQuantity: lots(h, 7) });
    });

    it('holds a stop order until the market trades at its stop, then fills it at the market', async () => {
      const h = (current = await create());
      const stop = tick(h, h.price * 1.1);
      const o = order(h, { type: 'stop', stopPrice: stop, quantity: lots(h, 10) });
      delete o.limitPrice;
      h.venue.submit(o);
      h.trade(tick(h, h.price * 1.05));
      await h.settle();
      expect(types(h, o.clientOrderId)).toEqual(['OrderSubmitted', 'OrderAccepted']);
      expect(h.venue.openOrders().find((x) => x.clientOrderId === o.clientOrderId)).toMatchObject({ type: 'stop', stopPrice: stop });
      h.trade(stop);
      h.offer(stop, lots(h, 10));
      await h.settle();
      expect(fills(h, o.clientOrderId)).toEqual([[lots(h, 10), 0]]);
      expect(h.venue.openOrders()).toEqual([]);
    });

    it('moves a waiting stop: the new stop price sets it off, the old one no longer does', async () => {
      const h = (current = await create());
      const [first, moved] = [tick(h, h.price * 1.1), tick(h, h.price * 1.2)];
      const o = order(h, { type: 'stop', stopPrice: first, quantity: lots(h, 10) });
      delete o.limitPrice;
      h.venue.submit(o);
      await h.settle();
      h.venue.amend(o.clientOrderId, { stopPrice: moved });
      await h.settle();
      expect(of(h, o.clientOrderId).at(-1)).toMatchObject({ type: 'OrderAmended', quantity: lots(h, 10), stopPrice: moved });
      expect(h.venue.openOrders().find((x) => x.clientOrderId === o.clientOrderId)).toMatchObject({ stopPrice: moved });
      h.venue.amend(o.clientOrderId, { limitPrice: moved });
      await h.settle();
      expect(of(h, o.clientOrderId).at(-1)).toMatchObject({ type: 'OrderAmendRejected', reason: 'a stop order has no limit price' });
      // Set off at the old stop, it would find nothing offered and close unfilled.
      h.trade(first);
      await h.settle();
      expect(fills(h, o.clientOrderId)).toEqual([]);
      expect(h.venue.openOrders().map((x) => x.clientOrderId)).toEqual([o.clientOrderId]);
      h.trade(moved);
      h.offer(moved, lots(h, 10));
      await h.settle();
      expect(fills(h, o.clientOrderId)).toEqual([[lots(h, 10), 0]]);
    });

    it('sets a stop-limit order off at its stop; it then works as a limit order, and cancels', async () => {
      const h = (current = await create());
      const [stop, limit] = [tick(h, h.price * 1.1), tick(h, h.price * 1.12)];
      const o = order(h, { type: 'stop_limit', stopPrice: stop, limitPrice: limit, quantity: lots(h, 10) });
      h.venue.submit(o);
      await h.settle();
      h.trade(stop);
      h.offer(limit, lots(h, 4));
      await h.settle();
      expect(fills(h, o.clientOrderId)).toEqual([[lots(h, 4), lots(h, 6)]]);
      h.venue.cancel(o.clientOrderId);
      await h.settle();
      expect(of(h, o.clientOrderId).at(-1)).toMatchObject({ type: 'OrderCanceled', leavesQuantity: lots(h, 6) });
    });

    it('cancels a stop order that is still waiting for its stop', async () => {
      const h = (current = await create());
      const o = order(h, { type: 'stop', stopPrice: tick(h, h.price * 1.1), timeInForce: 'day' });
      delete o.limitPrice;
      h.venue.submit(o);
      await h.settle();
      h.venue.cancel(o.clientOrderId);
      await h.settle();
      expect(types(h, o.clientOrderId)).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderCanceled']);
      // A trade through the stop after the cancel sets nothing off.
      h.trade(tick(h, h.price * 1.2));
      h.offer(tick(h, h.price * 1.2), lots(h, 10));
      await h.settle();
      expect(fills(h, o.clientOrderId)).toEqual([]);
    });

    it('cancels a working order, amends one, and cancels all', async () => {
      const h = (current = await create());
      const [a, b, c] = [order(h), order(h), order(h)];
      for (const o of [a, b, c]) h.venue.submit(o);
      await h.settle();
      h.venue.cancel(a.clientOrderId);
      const newPrice = tick(h, h.price * 0.4);
      h.venue.amend(b.clientOrderId, { quantity: lots(h, 20), limitPrice: newPrice });
      await h.settle();
      expect(types(h, a.clientOrderId).at(-1)).toBe('OrderCanceled');
      expect(of(h, b.clientOrderId).at(-1)).toMatchObject({ type: 'OrderAmended', quantity: lots(h, 20), limitPrice: newPrice });
      expect(h.venue.openOrders().find((x) => x.clientOrderId === b.clientOrderId)).toMatchObject({
        quantity: lots(h, 20),
        limitPrice: newPrice,
      });
      h.venue.cancelAll('contract test');
      await h.settle();
      expect(h.venue.openOrders()).toEqual([]);
      expect(types(h, c.clientOrderId).at(-1)).toBe('OrderCanceled');
    });

    it('refuses unknown ids quietly for cancel and with a reason for amend', async () => {
      const h = (current = await create());
      h.venue.cancel('no-such-order');
      h.venue.amend('no-such-order', { quantity: 5 });
      await h.settle();
      expect(h.events.filter((e) => e.type.startsWith('Order')).map((e) => e.type)).toEqual(['OrderAmendRejected']);
    });

    it('rejects, with the reason in words, what breaks the shared order rules', async () => {
      const h = (current = await create());
      const cases: [Partial<VenueOrderRequest>, RegExp][] = [
        [{ quantity: 0 as Quantity }, /quantity must be a positive number, got 0/],
        [{ quantity: (h.instrument.lotSize * 1.5) as Quantity }, /is not a whole number of lots/],
        [{ limitPrice: -1 as Price }, /a limit order needs a positive limit price, got -1/],
        [{ limitPrice: (h.price * 0.5 + h.instrument.tickSize / 3) as Price }, /is not a multiple of the tick size/],
        [{ instrumentId: 'NOWHERE:X' as InstrumentId }, /does not list NOWHERE:X/],
        [{ type: 'market', timeInForce: 'fok' }, /a market order cannot be FOK/],
        [{ type: 'stop' }, /a stop order needs a positive stop price, got undefined/],
        [{ type: 'stop', stopPrice: tick(h, h.price * 1.1), timeInForce: 'ioc' }, /a stop order cannot be IOC/],
        [
          { type: 'stop_limit', stopPrice: (h.price * 1.1 + h.instrument.tickSize / 3) as Price },
          /stop price .* is not a multiple of the tick size/,
        ],
        [
          { type: 'stop_limit', stopPrice: tick(h, h.price * 1.1), limitPrice: undefined },
          /a stop-limit order needs a positive limit price/,
        ],
      ];
      const ids = cases.map(([over]) => {
        const o = order(h, over);
        h.venue.submit(o);
        return o.clientOrderId;
      });
      await h.settle();
      cases.forEach(([, reason], i) => {
        const rejected = of(h, ids[i]!).find((e) => e.type === 'OrderRejected') as { reason: string } | undefined;
        expect(rejected?.reason, String(cases[i]![0] && JSON.stringify(cases[i]![0]))).toMatch(reason);
      });
      expect(h.venue.openOrders()).toEqual([]);
    });

    it('refuses a client order id it already works', async () => {
      const h = (current = await create());
      const o = order(h);
      h.venue.submit(o);
      await h.settle();
      h.venue.submit(o);
      await h.settle();
      expect(of(h, o.clientOrderId).find((e) => e.type === 'OrderRejected')).toMatchObject({ reason: 'duplicate client order id' });
    });
  });
}

const lots = (h: VenueHarness, n: number) => (n * h.instrument.lotSize) as Quantity;
const tick = (h: VenueHarness, price: number) =>
  Number((Math.round(price / h.instrument.tickSize) * h.instrument.tickSize).toFixed(8)) as Price;
