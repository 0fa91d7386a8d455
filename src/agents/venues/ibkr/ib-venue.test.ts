import { afterEach, describe, expect, it } from 'vitest';
import type { Price, Quantity } from '../../../shared/domain/branded.ts';
import type { EventOf } from '../../../shared/messages/events.ts';
import { interactiveBrokers } from './ib-venue-harness.test-helper.ts';

let h: Awaited<ReturnType<typeof interactiveBrokers>> | null = null;
afterEach(async () => {
  await h?.close?.();
  h = null;
});

const buy = (id: string, quantity: number, limitPrice: number) => ({
  clientOrderId: id,
  instrumentId: 'IB:AAPL' as never,
  side: 'buy' as const,
  type: 'limit' as const,
  quantity: quantity as Quantity,
  limitPrice: limitPrice as Price,
  timeInForce: 'gtc' as const,
});

describe('the Interactive Brokers venue', () => {
  it('publishes one fill per IB execution, with IB’s commission as the fee, even when IB tells it twice', async () => {
    h = await interactiveBrokers();
    h.offer(100, 30);
    h.offer(100.5, 70);
    h.venue.submit(buy('Q-1', 100, 100.5));
    await h.settle();
    h.gateway.resendExecutions(11);
    await h.settle();
    const fills = h.events.filter((e): e is EventOf<'OrderFilled'> => e.type === 'OrderFilled').map((e) => e.fill);
    expect(fills.map((f) => [f.quantity, f.price, f.fee])).toEqual([
      [30, 100, 1],
      [70, 100.5, 1],
    ]);
    expect(new Set(fills.map((f) => f.fillId)).size).toBe(2);
    expect(fills[0]!.fillId).toMatch(/^Q-1-0000e\d{4}\.01\.01$/);
  });

  it('sends every order under an id the ledger gave out, our client order id in orderRef', async () => {
    h = await interactiveBrokers();
    h.venue.submit(buy('Q-7', 5, 50));
    h.venue.submit(buy('Q-8', 5, 50));
    await h.settle();
    const placed = h.gateway.sessions.flatMap((s) => s.received).filter((f) => f[0] === '3');
    expect(placed.map((f) => [f[1], f[26]])).toEqual([
      ['100', 'Q-7'],
      ['101', 'Q-8'],
    ]);
    expect(h.events.filter((e) => e.type === 'OrderAccepted').map((e) => (e as EventOf<'OrderAccepted'>).venueOrderId)).toEqual([
      '100',
      '101',
    ]);
  });

  it('rejects with IB’s code and words, and asks for fresh ids after a duplicate id instead of resending', async () => {
    h = await interactiveBrokers();
    h.gateway.rejectNext(201, 'Order rejected - reason:The contract is not available for trading.');
    h.venue.submit(buy('Q-9', 5, 50));
    await h.settle();
    h.gateway.rejectNext(103, 'Duplicate order id');
    h.venue.submit(buy('Q-10', 5, 50));
    await h.settle();
    const rejected = h.events
      .filter((e): e is EventOf<'OrderRejected'> => e.type === 'OrderRejected')
      .map((e) => [e.clientOrderId, e.reason]);
    expect(rejected).toEqual([
      ['Q-9', 'IB 201: Order rejected - reason:The contract is not available for trading.'],
      ['Q-10', 'IB 103: Duplicate order id'],
    ]);
    const sent = h.gateway.sessions.flatMap((s) => s.received).map((f) => f[0]);
    expect(sent.filter((t) => t === '3')).toHaveLength(2);
    expect(sent.at(-1)).toBe('8');
  });
});

describe('the Interactive Brokers venue across a lost connection', () => {
  it('reconnects by itself, and journals a fill that happened while it was away exactly once', async () => {
    h = await interactiveBrokers();
    h.venue.submit(buy('Q-20', 50, 100));
    await h.settle();
    h.gateway.dropClient(11);
    await h.settle();
    expect(h.venue.isConnected()).toBe(false);
    // The order fills at IB while nobody listens.
    h.gateway.offer('AAPL', 100, 50);
    for (let i = 0; i < 100 && !h.venue.isConnected(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(h.venue.isConnected()).toBe(true);
    await h.settle();
    // Told again on purpose: still one fill.
    h.gateway.resendExecutions(11);
    await h.settle();
    const fills = h.events.filter((e): e is EventOf<'OrderFilled'> => e.type === 'OrderFilled');
    expect(fills.map((f) => [f.fill.clientOrderId, f.fill.quantity, f.leavesQuantity])).toEqual([['Q-20', 50, 0]]);
    expect(h.venue.openOrders()).toEqual([]);
    expect(h.gateway.sessions.filter((s) => s.clientId === 11)).toHaveLength(2);
  });
});
