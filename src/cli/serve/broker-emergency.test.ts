import { afterEach, describe, expect, it } from 'vitest';
import { FakeGateway } from '../../agents/venues/ibkr/fake-gateway.ts';
import { interactiveBrokers } from '../../agents/venues/ibkr/ib-venue-harness.test-helper.ts';
import { cancelEverythingAtIb } from '../../host/emergency/ib-emergency.ts';

// The host's own path to the broker (used when the engine cannot be asked), against the fake
// gateway. Tested here because only the CLI layer may import both the host and the agents' fake.
let gateway: FakeGateway | null = null;
afterEach(async () => {
  await gateway?.stop();
  gateway = null;
});

describe('the kill switch at Interactive Brokers, from the host', () => {
  it('cancels every order at IB on its own connection and closes each position with a market order', async () => {
    const g = (gateway = await FakeGateway.start({ nextValidId: 500 }));
    g.hold('AAPL', 300);
    g.hold('MSFT', -40);
    const r = await cancelEverythingAtIb({ host: '127.0.0.1', port: g.port, clientId: 999 }, { flatten: true });
    expect(r.error).toBeNull();
    expect(r.globalCancelSent).toBe(true);
    expect(r.flattening).toEqual([
      { symbol: 'AAPL', action: 'SELL', quantity: 300, orderId: 500 },
      { symbol: 'MSFT', action: 'BUY', quantity: 40, orderId: 501 },
    ]);
    const sent = g.sessions[0]!.received.map((f) => f[0]);
    expect(sent.indexOf('58')).toBeLessThan(sent.indexOf('3'));
    const flatten = [...g.orders.values()];
    expect(flatten.map((o) => [o.symbol, o.action, o.orderType, o.totalQuantity, o.orderRef])).toEqual([
      ['AAPL', 'SELL', 'MKT', 300, 'quorum-emergency-flatten'],
      ['MSFT', 'BUY', 'MKT', 40, 'quorum-emergency-flatten'],
    ]);
  });

  it('reports the executions of its flatten orders with IB’s commission, and what it could not see filled', async () => {
    const g = (gateway = await FakeGateway.start({ nextValidId: 500 }));
    g.hold('AAPL', 300);
    g.hold('MSFT', -40);
    // Someone buys 300 AAPL at 99; nobody sells MSFT: that order works on, unfilled.
    g.bid('AAPL', 99, 300);
    const r = await cancelEverythingAtIb({ host: '127.0.0.1', port: g.port, clientId: 999 }, { flatten: true, fillWaitMs: 500 });
    expect(r.fills).toEqual([
      { orderId: 500, execId: expect.stringMatching(/\.01\.01$/), symbol: 'AAPL', action: 'SELL', shares: 300, price: 99, commission: 1.5 },
    ]);
    expect(r.openAfter).toBe(1);
  });

  it('leaves nothing open of what another connection had working', async () => {
    // The engine's orders, placed on its own connection, then the engine hangs.
    const h = await interactiveBrokers();
    for (const id of ['E-1', 'E-2'])
      h.venue.submit({
        clientOrderId: id,
        instrumentId: 'IB:AAPL' as never,
        side: 'buy',
        type: 'limit',
        quantity: 5 as never,
        limitPrice: 50 as never,
        timeInForce: 'gtc',
      });
    await h.settle();
    expect([...h.gateway.orders.values()].filter((o) => o.status === 'Submitted')).toHaveLength(2);
    const r = await cancelEverythingAtIb({ host: '127.0.0.1', port: h.gateway.port, clientId: 999 }, { flatten: false });
    expect(r).toMatchObject({ error: null, globalCancelSent: true, flattening: [], openAfter: 0 });
    expect([...h.gateway.orders.values()].map((o) => o.status)).toEqual(['Cancelled', 'Cancelled']);
    await h.close!();
  });

  it('says plainly when no TWS or Gateway answers', async () => {
    const closed = await FakeGateway.start();
    const port = closed.port;
    await closed.stop();
    const r = await cancelEverythingAtIb({ host: '127.0.0.1', port, clientId: 999 }, { flatten: true, timeoutMs: 2_000 });
    expect(r.globalCancelSent).toBe(false);
    expect(r.error).toMatch(/^IB 502: /);
  });
});
