/**
 * The fake gateway's order handling: orders as TWS keeps them, matched against liquidity a test
 * offers, and the messages TWS sends about them, encoded field by field for server version 193
 * (the decoder of @stoqey/ib reads an exact number of fields per message).
 */

export interface FakeOrder {
  orderId: number;
  clientId: number;
  permId: number;
  symbol: string;
  currency: string;
  exchange: string;
  action: 'BUY' | 'SELL';
  totalQuantity: number;
  filled: number;
  orderType: string;
  lmtPrice: number | null;
  /** A stop's price. */
  auxPrice: number | null;
  tif: string;
  outsideRth: boolean;
  /** A stop (STP, STP LMT) set off by a trade at or through its price: from then on it trades as MKT or LMT. */
  triggered?: boolean;
  /** Typed into TWS or placed by another client (a test's): it rests, and only a global cancel touches it. */
  external?: boolean;
  orderRef: string;
  account: string;
  status: 'Submitted' | 'Filled' | 'Cancelled';
  /** Σ price × quantity of the fills, for the average. */
  notional: number;
}

/** One execution as `execDetails` and `commissionReport` describe it. */
export interface FakeExecution {
  execId: string;
  orderId: number;
  clientId: number;
  permId: number;
  symbol: string;
  currency: string;
  exchange: string;
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  cumQty: number;
  avgPrice: number;
  orderRef: string;
  account: string;
  time: string;
  commission: number;
}

/** Reads a `placeOrder` (message 3) as @stoqey/ib writes it for server version ≥ 193. */
export function readPlaceOrder(fields: readonly string[], clientId: number, account: string) {
  const num = (i: number) => (fields[i] === '' || fields[i] === undefined ? null : Number(fields[i]));
  return {
    orderId: Number(fields[1]),
    clientId,
    symbol: fields[3] ?? '',
    exchange: fields[9] ?? '',
    currency: fields[11] ?? '',
    action: fields[16] === 'SELL' ? ('SELL' as const) : ('BUY' as const),
    totalQuantity: Number(fields[17]),
    orderType: fields[18] ?? '',
    lmtPrice: num(19),
    auxPrice: num(20),
    tif: fields[21] ?? '',
    account: fields[23] || account,
    orderRef: fields[26] ?? '',
    outsideRth: fields[33] === '1' || fields[33] === 'true',
  };
}

/** A stop order that has not been set off yet: it does not trade. */
export const waitsForStop = (o: FakeOrder) => o.orderType.startsWith('STP') && !o.triggered;

/** Whether a trade at `price` sets off the stop of `o` (at or above it for a buy, at or below for a sell). */
export const stopReachedBy = (o: FakeOrder, price: number) =>
  waitsForStop(o) && o.auxPrice !== null && (o.action === 'BUY' ? price >= o.auxPrice : price <= o.auxPrice);

export const remaining = (o: FakeOrder) => o.totalQuantity - o.filled;

/** `orderStatus` (3): id, status, filled, remaining, avg price, permId, parentId, last price, clientId, whyHeld, mktCapPrice. */
export function orderStatusMessage(o: FakeOrder, lastFillPrice = 0): (string | number)[] {
  const avg = o.filled > 0 ? o.notional / o.filled : 0;
  return [3, o.orderId, o.status, o.filled, remaining(o), avg, o.permId, 0, lastFillPrice, o.clientId, '', 0];
}

/**
 * `openOrder` (5) for server version 193, as @stoqey/ib's decoder reads it: the order id, the
 * contract, the order's fields up to its permId and outsideRth, then 106 more fields that are empty
 * for a plain stock order — all but the order state's status (the 59th of them). The count was
 * found against the client's own decoder, and the fake gateway's test decodes the message with it.
 */
export function openOrderMessage(o: FakeOrder): (string | number)[] {
  const price = (p: number | null) => (p === null ? '' : p);
  const head = [5, o.orderId, 0, o.symbol, 'STK', '', 0, '', '', o.exchange, o.currency, o.symbol, o.symbol];
  const order = [o.action, o.totalQuantity, o.orderType, price(o.lmtPrice), price(o.auxPrice), o.tif, '', o.account, '', 0, o.orderRef];
  const tail: (string | number)[] = Array<string>(OPEN_ORDER_TAIL).fill('');
  tail[OPEN_ORDER_STATUS_AT] = o.status;
  return [...head, ...order, o.clientId, o.permId, o.outsideRth ? 1 : 0, ...tail];
}
const OPEN_ORDER_TAIL = 106;
const OPEN_ORDER_STATUS_AT = 58;

/** `execDetails` (11) for server version ≥ 178: reqId, the order, the contract, the execution. */
export function execDetailsMessage(reqId: number, e: FakeExecution): (string | number)[] {
  const contract = [0, e.symbol, 'STK', '', 0, '', '', e.exchange, e.currency, e.symbol, e.symbol];
  const execution = [e.execId, e.time, e.account, e.exchange, e.side, e.shares, e.price, e.permId, e.clientId, 0, e.cumQty, e.avgPrice];
  return [11, reqId, e.orderId, ...contract, ...execution, e.orderRef, '', '', '', 0, 0];
}

/** `commissionReport` (59): execId, commission, currency, realized P&L, yield, yield date. */
export function commissionMessage(e: FakeExecution): (string | number)[] {
  return [59, 1, e.execId, e.commission, e.currency, '', '', 0];
}

/** IB's commission for US stocks on the fixed plan: $0.005 a share, at least $1, at most 1 % of the value. */
export function fixedCommission(shares: number, price: number): number {
  return Math.round(Math.min(Math.max(shares * 0.005, 1), shares * price * 0.01) * 100) / 100;
}
