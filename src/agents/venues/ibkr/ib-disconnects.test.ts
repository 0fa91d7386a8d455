import { afterEach, describe, expect, it } from 'vitest';
import type { Price, Quantity } from '../../../shared/domain/branded.ts';
import type { EventOf } from '../../../shared/messages/events.ts';
import { SeededRandom } from '../../../shared/math/seeded-random.ts';
import { interactiveBrokers } from './ib-venue-harness.test-helper.ts';

let h: Awaited<ReturnType<typeof interactiveBrokers>> | null = null;
afterEach(async () => {
  await h?.close?.();
  h = null;
});

const DISCONNECTS = 50;

describe(`${DISCONNECTS} dropped connections during a stream of orders and fills`, () => {
  it('sends no order twice, and publishes every execution exactly once', { timeout: 120_000 }, async () => {
    h = await interactiveBrokers();
    const random = new SeededRandom(16);
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let n = 0;
    for (let drop = 0; drop < DISCONNECTS; drop++) {
      // A few orders and some liquidity, then the connection drops at a random moment among them.
      const steps = 2 + Math.floor(random.next() * 4);
      const dropAt = Math.floor(random.next() * steps);
      for (let step = 0; step < steps; step++) {
        if (step === dropAt) h.gateway.dropClient(11);
        const side = random.next() < 0.5 ? 'buy' : 'sell';
        h.venue.submit({
          clientOrderId: `S-${++n}`,
          instrumentId: 'IB:AAPL' as never,
          side,
          type: 'limit',
          quantity: (1 + Math.floor(random.next() * 5)) as Quantity,
          limitPrice: 100 as Price,
          timeInForce: 'gtc',
        });
        if (random.next() < 0.6)
          (side === 'buy' ? h.gateway.offer : h.gateway.bid).call(h.gateway, 'AAPL', 100, 1 + Math.floor(random.next() * 5));
        await wait(random.next() * 15);
      }
      // Back before the next round (on a busy machine a reconnect can take its second or third try):
      // on a new connection — the venue may not have noticed the drop yet when the round ends.
      const back = () => h!.gateway.sessions.filter((x) => x.clientId === 11).length === drop + 2 && h!.venue.isConnected();
      for (let i = 0; i < 1_500 && !back(); i++) await wait(10);
      expect(h.venue.isConnected(), `reconnected after drop ${drop + 1}`).toBe(true);
      await h.settle();
    }
    await h.settle();

    // No order id reached the gateway twice.
    const placed = h.gateway.sessions
      .flatMap((s) => s.received)
      .filter((f) => f[0] === '3')
      .map((f) => f[1]);
    expect(new Set(placed).size).toBe(placed.length);
    // Every execution at the gateway is one fill here, none more, none less.
    const fills = h.events.filter((e): e is EventOf<'OrderFilled'> => e.type === 'OrderFilled').map((e) => e.fill);
    const ids = fills.map((f) => f.fillId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(fills.length).toBe(h.gateway.executions.length);
    const net = (xs: { side: string; quantity: number }[]) =>
      xs.reduce((q, x) => q + (x.side === 'buy' || x.side === 'BOT' ? x.quantity : -x.quantity), 0);
    expect(net(fills)).toBe(net(h.gateway.executions.map((e) => ({ side: e.side, quantity: e.shares }))));
    // Each order the venue still works is one IB still works, at the same filled quantity.
    const gatewayOpen = [...h.gateway.orders.values()].filter((o) => o.status === 'Submitted');
    expect(
      h.venue
        .openOrders()
        .map((o) => [o.clientOrderId, o.filledQuantity])
        .sort(),
    ).toEqual(gatewayOpen.map((o) => [o.orderRef, o.filled]).sort());
    expect(h.gateway.sessions.filter((s) => s.clientId === 11).length).toBe(DISCONNECTS + 1);
    // The drops really fell among the orders: some went into a dead socket, and were said to be lost.
    const lost = h.events.filter((e) => e.type === 'OrderRejected' && /connection dropped as the order was sent/.test(e.reason));
    const refused = h.events.filter((e) => e.type === 'OrderRejected' && /not connected|reconciling/.test(e.reason));
    expect(lost.length + refused.length).toBeGreaterThan(0);
    console.log(
      JSON.stringify({
        orders: n,
        placedAtGateway: placed.length,
        executions: fills.length,
        lostInTheDrop: lost.length,
        refusedWhileDown: refused.length,
      }),
    );
  });
});
