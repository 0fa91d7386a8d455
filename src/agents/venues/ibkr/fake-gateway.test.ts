import { EventName, IBApi, OrderAction, OrderType, SecType, TimeInForce, type Contract, type Order } from '@stoqey/ib';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeGateway } from './fake-gateway.ts';

/**
 * The fake gateway against the real @stoqey/ib client: what it answers to orders must decode into
 * the events a TWS would give, or the venue's tests would prove nothing.
 */
let gateway: FakeGateway;
let ib: IBApi;
const seen: { event: string; args: unknown[] }[] = [];
const AAPL: Contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

async function connect(options: Parameters<typeof FakeGateway.start>[0] = {}): Promise<number> {
  gateway = await FakeGateway.start(options);
  ib = new IBApi({ host: '127.0.0.1', port: gateway.port });
  const events: EventName[] = [
    EventName.orderStatus,
    EventName.execDetails,
    EventName.commissionReport,
    EventName.error,
    EventName.nextValidId,
    EventName.openOrder,
    EventName.openOrderEnd,
  ];
  // The typed overloads name each event's arguments; a recorder takes them all alike.
  const on = ib.on.bind(ib) as (event: EventName, listener: (...args: unknown[]) => void) => IBApi;
  for (const event of events) on(event, (...args) => seen.push({ event, args }));
  const id = new Promise<number>((resolve) => ib.once(EventName.nextValidId, resolve));
  ib.connect(7);
  return id;
}
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('the gateway did not answer');
};
const of = (event: string) => seen.filter((s) => s.event === event).map((s) => s.args);
const limit = (action: OrderAction, quantity: number, price: number, tif: TimeInForce = TimeInForce.GTC): Order => ({
  action,
  orderType: OrderType.LMT,
  totalQuantity: quantity,
  lmtPrice: price,
  tif,
  orderRef: 'Q-1',
  transmit: true,
});

afterEach(async () => {
  seen.length = 0;
  ib?.disconnect();
  await gateway?.stop();
});

describe('the fake gateway, read by the real client', () => {
  it('accepts an order, fills it in parts with executions and commissions, and says Filled', async () => {
    const id = await connect({ nextValidId: 40 });
    expect(id).toBe(40);
    ib.placeOrder(id, AAPL, limit(OrderAction.BUY, 100, 190.5));
    await until(() => of(EventName.orderStatus).length === 1);
    gateway.offer('AAPL', 190.25, 30);
    gateway.offer('AAPL', 190.5, 100);
    await until(() => of(EventName.orderStatus).some((a) => a[1] === 'Filled'));
    expect(of(EventName.orderStatus).map((a) => a.slice(0, 4))).toEqual([
      [40, 'Submitted', 0, 100],
      [40, 'Submitted', 30, 70],
      [40, 'Filled', 100, 0],
    ]);
    const execs = of(EventName.execDetails).map(([reqId, contract, e]) => ({
      reqId,
      symbol: (contract as Contract).symbol,
      ...(e as object),
    }));
    expect(execs).toMatchObject([
      { reqId: -1, symbol: 'AAPL', orderId: 40, side: 'BOT', shares: 30, price: 190.25, cumQty: 30, orderRef: 'Q-1', clientId: 7 },
      { reqId: -1, symbol: 'AAPL', orderId: 40, side: 'BOT', shares: 70, price: 190.5, cumQty: 100, orderRef: 'Q-1' },
    ]);
    const reports = of(EventName.commissionReport).map(([r]) => r as { execId: string; commission: number; currency: string });
    expect(reports.map((r) => r.execId)).toEqual(execs.map((e) => (e as unknown as { execId: string }).execId));
    expect(reports.map((r) => r.commission)).toEqual([1, 1]);
  });

  it('cancels a working order (202), and says why it cannot cancel one that is gone or unknown', async () => {
    const id = await connect();
    ib.placeOrder(id, AAPL, limit(OrderAction.SELL, 10, 250));
    ib.cancelOrder(id);
    ib.cancelOrder(id);
    ib.cancelOrder(id + 5);
    await until(() => of(EventName.error).length === 3);
    expect(of(EventName.orderStatus).map((a) => a[1])).toEqual(['Submitted', 'Cancelled']);
    expect(of(EventName.error).map(([, code, reqId]) => [code, reqId])).toEqual([
      [202, id],
      [10148, id],
      [10147, id + 5],
    ]);
  });

  it('refuses a reused order id (103) and a rejected order (201) with IB’s text, and fills nothing of them', async () => {
    const id = await connect({ nextValidId: 10 });
    ib.placeOrder(id, AAPL, limit(OrderAction.BUY, 10, 1));
    await until(() => of(EventName.orderStatus).length === 1);
    gateway.rejectNext(
      201,
      'Order rejected - reason:YOUR ORDER IS NOT ACCEPTED. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR EQUITY WITH LOAN VALUE [0.00 USD] MUST EXCEED THE INITIAL MARGIN',
    );
    ib.placeOrder(id + 1, AAPL, limit(OrderAction.BUY, 10, 1));
    // An id below the highest one used, that names no order: a duplicate.
    ib.placeOrder(id - 1, AAPL, limit(OrderAction.BUY, 10, 1));
    await until(() => of(EventName.error).length === 2);
    const errors = of(EventName.error).map(([err, code, reqId]) => [code, reqId, (err as Error).message]);
    expect(errors[0]).toEqual([201, id + 1, expect.stringMatching(/^Order rejected - reason:YOUR ORDER IS NOT ACCEPTED/)]);
    expect(errors[1]).toEqual([103, id - 1, 'Duplicate order id']);
    expect(of(EventName.orderStatus).map((a) => a[0])).toEqual([id]);
    expect(gateway.executions).toEqual([]);
  });

  it('cancels everything on a global cancel, and an IOC remainder at once', async () => {
    const id = await connect();
    ib.placeOrder(id, AAPL, limit(OrderAction.BUY, 10, 1));
    ib.placeOrder(id + 1, AAPL, limit(OrderAction.SELL, 10, 900));
    gateway.offer('AAPL', 100, 4);
    ib.placeOrder(id + 2, AAPL, limit(OrderAction.BUY, 10, 100, TimeInForce.IOC));
    await until(() => of(EventName.orderStatus).filter((a) => a[0] === id + 2 && a[1] === 'Cancelled').length === 1);
    ib.reqGlobalCancel();
    await until(() => of(EventName.orderStatus).filter((a) => a[1] === 'Cancelled').length === 3);
    expect(
      of(EventName.orderStatus)
        .filter((a) => a[0] === id + 2)
        .map((a) => a.slice(1, 4)),
    ).toEqual([
      ['Submitted', 0, 10],
      ['Submitted', 4, 6],
      ['Cancelled', 4, 6],
    ]);
  });

  it('names every working order on reqAllOpenOrders, ours and TWS’s, in openOrder messages the client decodes whole', async () => {
    const id = await connect();
    ib.placeOrder(id, AAPL, { ...limit(OrderAction.BUY, 10, 95), orderType: OrderType.STP_LMT, auxPrice: 96, outsideRth: true });
    const typed = gateway.placeExternal({ symbol: 'AAPL', action: 'SELL', quantity: 25, orderType: 'LMT', lmtPrice: 120 });
    await until(() => of(EventName.orderStatus).length === 1);
    ib.reqAllOpenOrders();
    await until(() => of(EventName.openOrderEnd).length === 1);
    const orders = of(EventName.openOrder).map(([orderId, contract, order, state]) => ({
      orderId,
      symbol: (contract as Contract).symbol,
      ...(order as object),
      status: (state as { status: string }).status,
    }));
    expect(orders).toMatchObject([
      // The order typed into TWS is older at the gateway than ours, which crossed the socket after it.
      {
        orderId: 0,
        symbol: 'AAPL',
        action: 'SELL',
        totalQuantity: 25,
        orderType: 'LMT',
        lmtPrice: 120,
        clientId: 0,
        permId: typed,
        orderRef: '',
        status: 'Submitted',
      },
      {
        orderId: id,
        symbol: 'AAPL',
        action: 'BUY',
        totalQuantity: 10,
        orderType: 'STP LMT',
        lmtPrice: 95,
        auxPrice: 96,
        clientId: 7,
        orderRef: 'Q-1',
        outsideRth: true,
        status: 'Submitted',
      },
    ]);
    // Not one field too many or too few: the client says so as an error when a message does not decode whole.
    expect(of(EventName.error)).toEqual([]);
  });
});
