import { toPrice } from '../../../shared/domain/branded.ts';
import type { Instrument, InstrumentId } from '../../../shared/domain/instrument.ts';
import type { Quote } from '../../../shared/domain/market.ts';
import { orderBooks, type BookSide, type BookTrade, type OpResult, type OrderBook, type OrderBookFactory } from '../../../native/index.ts';

/** Book ids from here up are our orders; below, the simulated crowd's. */
export const OUR_ID_BASE = 2 ** 50;
export const isOurs = (bookId: number) => bookId >= OUR_ID_BASE;

export type TradeListener = (instrumentId: InstrumentId, trade: BookTrade, takerSide: BookSide) => void;

interface Market {
  instrument: Instrument;
  book: OrderBook;
}

/**
 * The paper exchange: one limit order book per instrument (native when built, else the TypeScript
 * twin), shared by the market simulator's order flow and our own orders, so that what we take is
 * gone for the next order. Prices inside are integer ticks; every trade is announced to listeners.
 */
export class SimulatedExchange {
  readonly factory: OrderBookFactory;
  private readonly markets = new Map<string, Market>();
  private readonly listeners: TradeListener[] = [];

  constructor(instruments: readonly Instrument[], factory: OrderBookFactory = orderBooks()) {
    this.factory = factory;
    for (const instrument of instruments) this.markets.set(instrument.id, { instrument, book: factory.create() });
  }

  instruments(): Instrument[] {
    return [...this.markets.values()].map((m) => m.instrument);
  }

  has(instrumentId: string): boolean {
    return this.markets.has(instrumentId);
  }

  onTrade(listener: TradeListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  book(instrumentId: InstrumentId): OrderBook {
    return this.listing(instrumentId).book;
  }

  toTicks(instrumentId: InstrumentId, price: number): number {
    return Math.round(price / this.listing(instrumentId).instrument.tickSize);
  }

  fromTicks(instrumentId: InstrumentId, ticks: number) {
    const tick = this.listing(instrumentId).instrument.tickSize;
    return toPrice(ticks * tick, tick);
  }

  limit(instrumentId: InstrumentId, bookId: number, side: BookSide, priceTicks: number, qty: number, tif: 0 | 1 | 2 = 0): OpResult {
    return this.announce(instrumentId, side, this.book(instrumentId).add(bookId, side, priceTicks, qty, tif));
  }

  market(instrumentId: InstrumentId, bookId: number, side: BookSide, qty: number): OpResult {
    return this.announce(instrumentId, side, this.book(instrumentId).market(bookId, side, qty));
  }

  /** Modify a resting order (new price, new remaining quantity); a price that crosses trades. */
  modify(instrumentId: InstrumentId, bookId: number, side: BookSide, priceTicks: number, remaining: number): OpResult {
    return this.announce(instrumentId, side, this.book(instrumentId).modify(bookId, priceTicks, remaining));
  }

  cancel(instrumentId: InstrumentId, bookId: number): OpResult {
    return this.book(instrumentId).cancel(bookId);
  }

  quote(instrumentId: InstrumentId, ts: number): Quote | null {
    const book = this.book(instrumentId);
    const bid = book.bestBid();
    const ask = book.bestAsk();
    if (!bid || !ask) return null;
    return {
      instrumentId,
      ts,
      bid: this.fromTicks(instrumentId, bid.price),
      bidSize: bid.qty as Quote['bidSize'],
      ask: this.fromTicks(instrumentId, ask.price),
      askSize: ask.qty as Quote['askSize'],
    };
  }

  /** Resting orders in priority order as (side, priceTicks, bookId, qty) rows, optionally only the crowd's. */
  restingOrders(instrumentId: InstrumentId, crowdOnly: boolean): number[][] {
    const snap = this.book(instrumentId).snapshot();
    const rows: number[][] = [];
    for (let i = 0; i < snap.length; i += 4) {
      if (crowdOnly && isOurs(snap[i + 2]!)) continue;
      rows.push([snap[i]!, snap[i + 1]!, snap[i + 2]!, snap[i + 3]!]);
    }
    return rows;
  }

  /** Replaces a book with the given resting orders, re-added in priority order (checkpoint restore). */
  restore(instrumentId: InstrumentId, rows: readonly number[][]): void {
    const m = this.listing(instrumentId);
    m.book = this.factory.create();
    for (const [side, price, id, qty] of rows) m.book.add(id!, side as BookSide, price!, qty!);
  }

  private announce(instrumentId: InstrumentId, takerSide: BookSide, result: OpResult): OpResult {
    for (const trade of result.trades) for (const l of [...this.listeners]) l(instrumentId, trade, takerSide);
    return result;
  }

  private listing(instrumentId: string): Market {
    const m = this.markets.get(instrumentId);
    if (!m) throw new Error(`the simulated exchange does not list ${instrumentId}`);
    return m;
  }
}
