import { createServer, type Server, type Socket } from 'node:net';
import {
  commissionMessage,
  execDetailsMessage,
  fixedCommission,
  openOrderMessage,
  orderStatusMessage,
  readPlaceOrder,
  remaining,
  stopReachedBy,
  waitsForStop,
  type FakeExecution,
  type FakeOrder,
} from './fake-ib-orders.ts';
import { FakeHistory } from './fake-ib-history.ts';
import { FakeNewsArchive } from './fake-ib-news.ts';
import { FakeContracts } from './fake-ib-contracts.ts';

/** The server version the fake announces: the newest @stoqey/ib 1.6 accepts (CME tagging fields). */
export const FAKE_SERVER_VERSION = 193;

/** One TWS API message: a 4-byte big-endian length, then each field NUL-terminated. */
export function frame(fields: readonly (string | number)[]): Buffer {
  const body = Buffer.from(fields.map(String).join('\0') + '\0', 'utf8');
  const head = Buffer.alloc(4);
  head.writeInt32BE(body.length);
  return Buffer.concat([head, body]);
}

/** TWS's own words for the messages the fake sends. */
export const IB_TEXT = {
  103: 'Duplicate order id',
  202: 'Order Canceled - reason:',
  326: 'Unable to connect as the client id is already in use. Retry with a unique client id.',
  2104: 'Market data farm connection is OK:usfarm',
  2106: 'HMDS data farm connection is OK:ushmds',
  2158: 'Sec-def data farm connection is OK:secdefnj',
} as const;

/** The paper account's summary as the fake reports it. */
const ACCOUNT_SUMMARY: Record<string, string> = { NetLiquidation: '1000000.00', BuyingPower: '4000000.00', AvailableFunds: '1000000.00' };

export interface FakeGatewayOptions {
  /** The accounts `managedAccounts` lists (paper ids begin with D). */
  accounts?: readonly string[];
  nextValidId?: number;
  /** Client ids another connection holds: a start with one of them is refused with 326. */
  takenClientIds?: readonly number[];
  /** Accept the socket and never answer, as IB Gateway does while it waits for its second-factor login. */
  silent?: boolean;
  /** Listen on this port (a gateway coming back where the last one was); any free port otherwise. */
  port?: number;
  /** The news providers the account has (`reqNewsProviders`), as [code, name]; two by default. */
  newsProviders?: readonly (readonly [string, string])[];
  /** Market data lines the account has: a subscription beyond them is refused with 101. */
  marketDataLines?: number;
  /**
   * Symbols the account has no market data subscription for: delayed data (10167, then delayed
   * ticks) when the client asked for delayed data (`reqMarketDataType` 3 or 4), else 354 and nothing.
   */
  noSubscription?: readonly string[];
  /** Symbols IB offers no market depth for: `reqMktDepth` is refused with 10092. */
  noDepth?: readonly string[];
}

/** IB's tick types: live, and their delayed twins. */
const LIVE_TICKS = { bid: 1, ask: 2, last: 4, bidSize: 0, askSize: 3, lastSize: 5 } as const;
const DELAYED_TICKS = { bid: 66, ask: 67, last: 68, bidSize: 69, askSize: 70, lastSize: 71 } as const;
type Ticker = { session: FakeSession; tickerId: number; symbol: string; delayed: boolean };

/** A client connection as the fake saw it: its client id once the API started, and every message it sent. */
export interface FakeSession {
  socket: Socket;
  clientId: number | null;
  received: string[][];
  /** The market data type the client asked for (`reqMarketDataType`): 1 live, 3 delayed when not subscribed. */
  marketDataType?: number;
}

/**
 * A stand-in for TWS / IB Gateway on 127.0.0.1 that speaks the real wire protocol (the handshake
 * `API\0` + length + `v100..193`, length-prefixed NUL-separated messages), so the real @stoqey/ib
 * client is what the tests drive. It answers the API start with `managedAccounts`, `nextValidId`
 * and the data farms' status messages, or with 326 when the client id is taken.
 */
export class FakeGateway {
  readonly sessions: FakeSession[] = [];
  /** Every order placed, by `clientId:orderId`, as TWS holds it. */
  readonly orders = new Map<string, FakeOrder>();
  readonly executions: FakeExecution[] = [];
  /** Liquidity a test offers: sellers (`asks`, for our buys) and buyers (`bids`), per symbol. */
  private readonly asks = new Map<string, { price: number; quantity: number }[]>();
  private readonly bids = new Map<string, { price: number; quantity: number }[]>();
  private rejection: { code: number; text: string } | null = null;
  /** Positions by symbol in the (first) account: held before the test, plus every execution. */
  readonly positions = new Map<string, number>();
  private highestOrderId = new Map<number, number>();
  /** Market data subscriptions (`reqMktData`): which session asked for which symbol under which ticker id. */
  private readonly tickers: Ticker[] = [];
  /** Real-time bar subscriptions (`reqRealTimeBars`). */
  readonly realtimeTickers: { session: FakeSession; tickerId: number; symbol: string }[] = [];
  /** Market depth subscriptions (`reqMktDepth`). */
  readonly depthTickers: { session: FakeSession; tickerId: number; symbol: string }[] = [];
  /** Headline subscriptions (`reqMktData` with generic tick 292 and `mdoff`), and the providers asked for. */
  readonly newsTickers: { session: FakeSession; tickerId: number; symbol: string; providers: string }[] = [];
  /** Sessions that asked for IB's news bulletins. */
  private readonly bulletinSessions = new Set<FakeSession>();
  /** The quote each symbol shows (what a subscription is told first). */
  private readonly quotes = new Map<string, { bid: number; ask: number; size: number; last: number }>();
  private permIds = 1_000;
  /** Historical bars (reqHistoricalData), set by the tests, and the pacing violations they inject. */
  readonly history = new FakeHistory();
  /** The contracts symbol searches and contract details find. */
  readonly contracts = new FakeContracts();
  /** Past headlines `reqHistoricalNews` finds, set by the tests. */
  readonly newsArchive = new FakeNewsArchive();
  private readonly server: Server;
  private readonly options: FakeGatewayOptions;

  private constructor(options: FakeGatewayOptions) {
    this.options = options;
    this.server = createServer((socket) => this.accept(socket));
  }

  static async start(options: FakeGatewayOptions = {}): Promise<FakeGateway> {
    const gateway = new FakeGateway(options);
    await new Promise<void>((resolve) => gateway.server.listen(options.port ?? 0, '127.0.0.1', resolve));
    return gateway;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  send(session: FakeSession, fields: readonly (string | number)[]): void {
    session.socket.write(frame(fields));
  }

  /** An error or info message (`reqId` -1: about the connection, not a request). */
  sendError(session: FakeSession, reqId: number, code: number, text: string): void {
    this.send(session, [4, 2, reqId, code, text, '']);
  }

  /**
   * An order typed into TWS (client 0, order id 0) or placed by another API client: it works at the
   * gateway, rests, and shows in every client's `reqAllOpenOrders`. Returns its permId.
   */
  placeExternal(o: {
    symbol: string;
    action: 'BUY' | 'SELL';
    quantity: number;
    orderType: string;
    lmtPrice?: number;
    clientId?: number;
  }): number {
    const permId = ++this.permIds;
    const account = this.options.accounts?.[0] ?? 'DU1234567';
    this.orders.set(`external:${permId}`, {
      orderId: o.clientId ? permId : 0,
      clientId: o.clientId ?? 0,
      permId,
      symbol: o.symbol,
      currency: 'USD',
      exchange: 'SMART',
      action: o.action,
      totalQuantity: o.quantity,
      filled: 0,
      orderType: o.orderType,
      lmtPrice: o.lmtPrice ?? null,
      auxPrice: null,
      tif: 'DAY',
      outsideRth: false,
      orderRef: '',
      account,
      status: 'Submitted',
      notional: 0,
      external: true,
    });
    return permId;
  }

  /** Someone sells `quantity` at `price`: working buys at or above it fill now, later ones as they come. */
  offer(symbol: string, price: number, quantity: number): void {
    this.addLiquidity(this.asks, symbol, { price, quantity }, (a, b) => a.price - b.price);
  }

  /** Someone buys `quantity` at `price`: working sells at or below it fill. */
  bid(symbol: string, price: number, quantity: number): void {
    this.addLiquidity(this.bids, symbol, { price, quantity }, (a, b) => b.price - a.price);
  }

  /** A level on one side of the book (best first), then every working order of the symbol tries it. */
  private addLiquidity(
    side: Map<string, { price: number; quantity: number }[]>,
    symbol: string,
    level: { price: number; quantity: number },
    best: (a: { price: number }, b: { price: number }) => number,
  ): void {
    if (level.quantity <= 0) return;
    side.set(symbol, [...(side.get(symbol) ?? []), level].sort(best));
    for (const o of this.orders.values()) if (o.symbol === symbol && o.status === 'Submitted') this.match(o);
  }

  /**
   * The market in `symbol` is now `bid` / `ask`, `size` deep on each side: the liquidity the fake
   * fills against is replaced by those two levels, and subscribers get the ticks.
   */
  quote(symbol: string, bid: number, ask: number, size: number): void {
    this.quotes.set(symbol, { bid, ask, size, last: this.quotes.get(symbol)?.last ?? (bid + ask) / 2 });
    this.asks.set(symbol, []);
    this.bids.set(symbol, []);
    this.offer(symbol, ask, size);
    this.bid(symbol, bid, size);
    for (const t of this.tickers) if (t.symbol === symbol) this.sendQuote(t);
  }

  /**
   * A change of `symbol`'s market depth, as IB sends it (`updateMktDepth`, 12): a row of one side
   * (1 bids, 0 asks) inserted at, updated at or deleted from its position (operation 0, 1, 2).
   */
  depth(symbol: string, row: { position: number; operation: 0 | 1 | 2; side: 0 | 1; price: number; size: number }): void {
    for (const t of this.depthTickers) {
      if (t.symbol !== symbol || t.session.socket.destroyed) continue;
      this.send(t.session, [12, 1, t.tickerId, row.position, row.operation, row.side, row.price, row.size]);
    }
  }

  /** One of IB's 5-second real-time bars of `symbol` (`realtimeBar`, 50): its start in epoch seconds, prices, volume. */
  realtimeBar(symbol: string, b: { time: number; open: number; high: number; low: number; close: number; volume: number }): void {
    for (const t of this.realtimeTickers) {
      if (t.symbol !== symbol || t.session.socket.destroyed) continue;
      this.send(t.session, [50, 3, t.tickerId, b.time, b.open, b.high, b.low, b.close, b.volume, b.close, 1]);
    }
  }

  /** A trade printed in `symbol` (ours or anyone's): subscribers get a LAST and a LAST_SIZE tick. */
  print(symbol: string, price: number, size: number): void {
    const q = this.quotes.get(symbol);
    if (q) q.last = price;
    for (const t of this.tickers) {
      if (t.symbol !== symbol || t.session.socket.destroyed) continue;
      const tick = t.delayed ? DELAYED_TICKS : LIVE_TICKS;
      this.send(t.session, [1, 3, t.tickerId, tick.last, price, size, 0]);
      this.send(t.session, [2, 1, t.tickerId, tick.lastSize, size]);
    }
    // Stops the trade reached are set off, and trade as market or limit orders from now on.
    const triggered = [...this.orders.values()].filter((o) => o.symbol === symbol && o.status === 'Submitted' && stopReachedBy(o, price));
    for (const o of triggered) o.triggered = true;
    for (const o of triggered) this.match(o);
  }

  private sendQuote(t: Ticker): void {
    const q = this.quotes.get(t.symbol);
    if (!q || t.session.socket.destroyed) return;
    const tick = t.delayed ? DELAYED_TICKS : LIVE_TICKS;
    // tickPrice (version 3): ticker, tick type (1 bid, 2 ask; 66, 67 delayed), price, size, attributes.
    this.send(t.session, [1, 3, t.tickerId, tick.bid, q.bid, q.size, 0]);
    this.send(t.session, [1, 3, t.tickerId, tick.ask, q.ask, q.size, 0]);
    // TWS follows with the sizes as tickSize messages of their own (0 bid size, 3 ask size); the
    // client does not take the bid's size from the tickPrice (its tick type 0 reads as "none").
    this.send(t.session, [2, 1, t.tickerId, tick.bidSize, q.size]);
    this.send(t.session, [2, 1, t.tickerId, tick.askSize, q.size]);
  }

  /**
   * IB corrects an execution: the same execution again with new shares or price, under its id with
   * the number after the last '.' one higher (`….01.01` → `….01.02`). Returns the new id.
   */
  correctExecution(execId: string, change: { shares?: number; price?: number }): string {
    const original = this.executions.find((e) => e.execId === execId);
    if (!original) throw new Error(`no execution ${execId}`);
    const at = execId.lastIndexOf('.');
    const suffix = execId.slice(at + 1);
    const corrected: FakeExecution = {
      ...original,
      ...change,
      execId: `${execId.slice(0, at)}.${String(Number(suffix) + 1).padStart(suffix.length, '0')}`,
    };
    this.executions.push(corrected);
    // The account holds what the corrected execution says.
    this.hold(original.symbol, (corrected.shares - original.shares) * (original.side === 'BOT' ? 1 : -1));
    this.tell(corrected.clientId, execDetailsMessage(-1, corrected));
    this.tell(corrected.clientId, commissionMessage(corrected));
    return corrected.execId;
  }

  /** Tells a client every execution of its orders again (as IB does in answer to reqExecutions, or twice by mistake). */
  resendExecutions(clientId: number): void {
    for (const e of this.executions.filter((x) => x.clientId === clientId)) {
      this.tell(clientId, execDetailsMessage(-1, e));
      this.tell(clientId, commissionMessage(e));
    }
  }

  /**
   * A headline about `symbol` from `provider`: each subscription to that symbol's headlines that
   * names the provider gets a tickNews (ticker, time in ms, provider, article id, headline, extra data).
   */
  headline(symbol: string, news: { provider: string; articleId: string; ts: number; text: string }): void {
    for (const t of this.newsTickers) {
      if (t.symbol !== symbol || t.session.socket.destroyed || !t.providers.split('+').includes(news.provider)) continue;
      this.send(t.session, [84, t.tickerId, news.ts, news.provider, news.articleId, news.text, '']);
    }
  }

  /** One of IB's news bulletins (an exchange's notice): version, id, type (1 regular), text, exchange. */
  bulletin(msgId: number, text: string, exchange: string): void {
    for (const s of this.bulletinSessions) if (!s.socket.destroyed) this.send(s, [14, 1, msgId, 1, text, exchange]);
  }

  /** The account holds `quantity` of `symbol` already (negative: short). */
  hold(symbol: string, quantity: number): void {
    this.positions.set(symbol, (this.positions.get(symbol) ?? 0) + quantity);
  }

  /** Drops a client's connection, as a network fault or TWS's nightly restart would. */
  dropClient(clientId: number): void {
    for (const s of this.sessions) if (s.clientId === clientId) s.socket.destroy();
  }

  /** The next order placed is refused with this code and text (201 with IB's reason, 103 …). */
  rejectNext(code: number, text: string): void {
    this.rejection = { code, text };
  }

  async stop(): Promise<void> {
    for (const s of this.sessions) s.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const session: FakeSession = { socket, clientId: null, received: [] };
    this.sessions.push(session);
    socket.on('error', () => {});
    if (this.options.silent) return;
    let buffer = Buffer.alloc(0);
    let greeted = false;
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      if (!greeted) {
        // "API\0", a 4-byte length, then "v100..193".
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(4);
        if (buffer.length < 8 + length) return;
        buffer = buffer.subarray(8 + length);
        greeted = true;
        this.send(session, [FAKE_SERVER_VERSION, '20261203 10:00:00 UTC']);
      }
      while (buffer.length >= 4 && buffer.length >= 4 + buffer.readInt32BE(0)) {
        const length = buffer.readInt32BE(0);
        const fields = buffer
          .subarray(4, 4 + length)
          .toString('utf8')
          .split('\0')
          .slice(0, -1);
        buffer = buffer.subarray(4 + length);
        session.received.push(fields);
        this.handle(session, fields);
      }
    });
  }

  private handle(session: FakeSession, fields: string[]): void {
    if (fields[0] === '81' && session.clientId !== null) return this.send(session, this.contracts.search(fields));
    if (fields[0] === '9' && session.clientId !== null) {
      const answer = this.contracts.details(fields);
      if ('error' in answer) return this.sendError(session, answer.reqId, answer.error.code, answer.error.text);
      for (const m of answer.messages) this.send(session, m);
      return;
    }
    if (fields[0] === '20' && session.clientId !== null) {
      const answer = this.history.answer(fields);
      if ('error' in answer) return this.sendError(session, answer.reqId, answer.error.code, answer.error.text);
      return this.send(session, answer.fields);
    }
    if (fields[0] === '84' && session.clientId !== null) {
      const answer = this.newsArchive.article(fields);
      if ('error' in answer) return this.sendError(session, answer.reqId, answer.error.code, answer.error.text);
      return this.send(session, answer.fields);
    }
    if (fields[0] === '86' && session.clientId !== null) {
      for (const m of this.newsArchive.answer(fields)) this.send(session, m);
      return;
    }
    if (fields[0] === '3' && session.clientId !== null) return this.place(session, session.clientId, fields);
    if (fields[0] === '4' && session.clientId !== null) return this.cancel(session, session.clientId, Number(fields[1]));
    if (fields[0] === '7' && session.clientId !== null) {
      // reqExecutions: every execution of this client, then the end marker.
      const reqId = Number(fields[2]);
      for (const e of this.executions.filter((x) => x.clientId === session.clientId)) {
        this.send(session, execDetailsMessage(reqId, e));
        this.send(session, commissionMessage(e));
      }
      this.send(session, [55, 1, reqId]);
      return;
    }
    if ((fields[0] === '5' || fields[0] === '16') && session.clientId !== null) {
      // reqOpenOrders (this client's) / reqAllOpenOrders (every client's and TWS's): each working
      // order as an openOrder and its status, then the end marker.
      for (const o of this.orders.values()) {
        if (o.status !== 'Submitted' || (fields[0] === '5' && o.clientId !== session.clientId)) continue;
        this.send(session, openOrderMessage(o));
        this.send(session, orderStatusMessage(o));
      }
      this.send(session, [53, 1]);
      return;
    }
    if (fields[0] === '61') {
      // reqPositions: each position of the account, then the end marker.
      const account = this.options.accounts?.[0] ?? 'DU1234567';
      for (const [symbol, pos] of this.positions)
        this.send(session, [61, 3, account, 0, symbol, 'STK', '', 0, '', '', 'NASDAQ', 'USD', symbol, symbol, pos, 0]);
      this.send(session, [62, 1]);
      return;
    }
    if (fields[0] === '1' && session.clientId !== null) {
      // reqMktData: version, ticker id, conId, symbol, …, the generic tick list. `mdoff,292:…` asks
      // for headlines only (no quotes), from the providers named after the colon.
      const news = fields.find((f) => /^mdoff,292(:|$)/.test(f));
      if (news !== undefined) {
        this.newsTickers.push({ session, tickerId: Number(fields[2]), symbol: fields[4]!, providers: news.split(':')[1] ?? '' });
        return;
      }
      const t: Ticker = { session, tickerId: Number(fields[2]), symbol: fields[4]!, delayed: false };
      // The same ticker id again (a resubscription after 1101) replaces the subscription.
      const again = this.tickers.findIndex((x) => x.session === session && x.tickerId === t.tickerId);
      if (again >= 0) this.tickers.splice(again, 1);
      const lines = this.options.marketDataLines;
      if (lines !== undefined && this.tickers.filter((x) => x.session === session).length >= lines)
        return this.sendError(session, t.tickerId, 101, 'Max number of tickers has been reached.');
      if (this.options.noSubscription?.includes(t.symbol)) {
        if (session.marketDataType !== 3 && session.marketDataType !== 4)
          return this.sendError(session, t.tickerId, 354, 'Requested market data is not subscribed.');
        t.delayed = true;
        this.sendError(session, t.tickerId, 10167, 'Requested market data is not subscribed. Displaying delayed market data.');
        this.send(session, [58, 1, t.tickerId, 3]);
      }
      this.tickers.push(t);
      this.sendQuote(t);
      // As TWS does, a new subscription is told the last trade too.
      const last = this.quotes.get(t.symbol)?.last;
      if (last !== undefined) this.send(session, [1, 3, t.tickerId, t.delayed ? DELAYED_TICKS.last : LIVE_TICKS.last, last, 1, 0]);
      return;
    }
    if (fields[0] === '50' && session.clientId !== null) {
      // reqRealTimeBars: version, ticker id, conId, symbol, … (the contract as reqMktData's), bar size, what, RTH.
      this.realtimeTickers.push({ session, tickerId: Number(fields[2]), symbol: fields[4]! });
      return;
    }
    if (fields[0] === '10' && session.clientId !== null) {
      // reqMktDepth: version, ticker id, conId, symbol, … (the contract as reqMktData's), rows, smart depth.
      const t = { session, tickerId: Number(fields[2]), symbol: fields[4]! };
      if (this.options.noDepth?.includes(t.symbol))
        return this.sendError(session, t.tickerId, 10092, 'Deep market data is not supported for this combination of security/exchange');
      this.depthTickers.push(t);
      return;
    }
    if (fields[0] === '59') {
      // reqMarketDataType: version, type (1 live, 2 frozen, 3 delayed, 4 delayed frozen).
      session.marketDataType = Number(fields[2]);
      return;
    }
    if (fields[0] === '2') {
      const i = this.tickers.findIndex((t) => t.session === session && t.tickerId === Number(fields[2]));
      if (i >= 0) this.tickers.splice(i, 1);
      return;
    }
    if (fields[0] === '85') {
      // reqNewsProviders: how many, then code and name of each.
      const providers = this.options.newsProviders ?? [
        ['BRFG', 'Briefing.com General Market Columns'],
        ['DJNL', 'Dow Jones Newsletters'],
      ];
      this.send(session, [85, providers.length, ...providers.flat()]);
      return;
    }
    if (fields[0] === '12') {
      // reqNewsBulletins: version, all messages so far or only new ones.
      this.bulletinSessions.add(session);
      return;
    }
    if (fields[0] === '62') {
      // reqAccountSummary: version, request id, group, tags; each tag of the (first) account, then the end.
      const reqId = Number(fields[2]);
      const account = this.options.accounts?.[0] ?? 'DU1234567';
      for (const tag of (fields[4] ?? '').split(',')) {
        const value = ACCOUNT_SUMMARY[tag];
        if (value !== undefined) this.send(session, [63, 1, reqId, account, tag, value, 'USD']);
      }
      this.send(session, [64, 1, reqId]);
      return;
    }
    if (fields[0] === '58') {
      for (const o of this.orders.values()) if (o.status === 'Submitted') this.cancelWorking(o);
      return;
    }
    if (fields[0] === '8' && session.clientId !== null) {
      this.send(session, [9, 1, (this.highestOrderId.get(session.clientId) ?? 0) + 1]);
      return;
    }
    if (fields[0] !== '71') return;
    // startApi: 71, version 2, client id, optional capabilities.
    const clientId = Number(fields[2]);
    if (this.options.takenClientIds?.includes(clientId)) {
      this.sendError(session, -1, 326, IB_TEXT[326]);
      session.socket.end();
      return;
    }
    session.clientId = clientId;
    this.send(session, [15, 1, (this.options.accounts ?? ['DU1234567']).join(',')]);
    this.send(session, [9, 1, this.options.nextValidId ?? 1]);
    for (const code of [2104, 2106, 2158] as const) this.sendError(session, -1, code, IB_TEXT[code]);
  }

  private sessionOf(clientId: number): FakeSession | undefined {
    return this.sessions.filter((s) => s.clientId === clientId && !s.socket.destroyed).at(-1);
  }

  private tell(clientId: number, fields: readonly (string | number)[]): void {
    const session = this.sessionOf(clientId);
    if (session) this.send(session, fields);
  }

  private place(session: FakeSession, clientId: number, fields: string[]): void {
    const request = readPlaceOrder(fields, clientId, this.options.accounts?.[0] ?? 'DU1234567');
    const key = `${clientId}:${request.orderId}`;
    const known = this.orders.get(key);
    if (known) {
      // The same id again amends a working order (quantity, limit price).
      if (known.status !== 'Submitted') return this.sendError(session, request.orderId, 104, `Can't modify a filled order`);
      known.totalQuantity = request.totalQuantity;
      known.lmtPrice = request.lmtPrice;
      known.auxPrice = request.auxPrice;
      this.tell(clientId, orderStatusMessage(known));
      this.match(known);
      return;
    }
    if (request.orderId <= (this.highestOrderId.get(clientId) ?? 0)) return this.sendError(session, request.orderId, 103, IB_TEXT[103]);
    this.highestOrderId.set(clientId, request.orderId);
    if (this.rejection) {
      const { code, text } = this.rejection;
      this.rejection = null;
      return this.sendError(session, request.orderId, code, text);
    }
    const order: FakeOrder = { ...request, permId: ++this.permIds, filled: 0, status: 'Submitted', notional: 0 };
    this.orders.set(key, order);
    this.tell(clientId, orderStatusMessage(order));
    this.match(order);
  }

  private cancel(session: FakeSession, clientId: number, orderId: number): void {
    const order = this.orders.get(`${clientId}:${orderId}`);
    if (!order) return this.sendError(session, orderId, 10147, `OrderId ${orderId} that needs to be cancelled is not found.`);
    if (order.status !== 'Submitted')
      return this.sendError(
        session,
        orderId,
        10148,
        `OrderId ${orderId} that needs to be cancelled cannot be cancelled, state: ${order.status}.`,
      );
    this.cancelWorking(order);
  }

  private cancelWorking(order: FakeOrder): void {
    order.status = 'Cancelled';
    this.tell(order.clientId, orderStatusMessage(order));
    const session = this.sessionOf(order.clientId);
    if (session) this.sendError(session, order.orderId, 202, IB_TEXT[202]);
  }

  /** Fills a working order against the liquidity offered; IOC leaves are canceled. */
  private match(order: FakeOrder): void {
    if (waitsForStop(order) || order.external) return;
    const book = (order.action === 'BUY' ? this.asks : this.bids).get(order.symbol) ?? [];
    const reaches = (price: number) =>
      order.lmtPrice === null ||
      order.orderType === 'MKT' ||
      order.orderType === 'STP' ||
      (order.action === 'BUY' ? price <= order.lmtPrice : price >= order.lmtPrice);
    while (remaining(order) > 0 && book[0] && reaches(book[0].price)) {
      const level = book[0];
      const shares = Math.min(level.quantity, remaining(order));
      level.quantity -= shares;
      if (level.quantity <= 0) book.shift();
      order.filled += shares;
      order.notional += shares * level.price;
      if (remaining(order) === 0) order.status = 'Filled';
      const execution: FakeExecution = {
        execId: `0000e${String(this.executions.length + 1).padStart(4, '0')}.01.01`,
        orderId: order.orderId,
        clientId: order.clientId,
        permId: order.permId,
        symbol: order.symbol,
        currency: order.currency,
        exchange: order.exchange === 'SMART' ? 'ISLAND' : order.exchange,
        side: order.action === 'BUY' ? 'BOT' : 'SLD',
        shares,
        price: level.price,
        cumQty: order.filled,
        avgPrice: order.notional / order.filled,
        orderRef: order.orderRef,
        account: order.account,
        time: '20261203  10:00:00 UTC',
        commission: fixedCommission(shares, level.price),
      };
      this.executions.push(execution);
      this.hold(order.symbol, order.action === 'BUY' ? shares : -shares);
      this.tell(order.clientId, execDetailsMessage(-1, execution));
      this.tell(order.clientId, commissionMessage(execution));
      this.tell(order.clientId, orderStatusMessage(order, level.price));
      this.print(order.symbol, level.price, shares);
    }
    if (order.status === 'Submitted' && order.tif === 'IOC') this.cancelWorking(order);
  }
}
