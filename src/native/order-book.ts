/**
 * The order book's contract, implemented twice with identical behaviour: natively in Rust
 * (crate/src/book.rs) and in TypeScript (ts-order-book.ts). Prices are integer ticks, quantities
 * integer units, ids integers below 2^53. See crate/src/book.rs for the matching rules.
 */
export const OP = { add: 0, cancel: 1, modify: 2, market: 3 } as const;
export const SIDE = { buy: 0, sell: 1 } as const;
export const TIF = { gtc: 0, ioc: 1, fok: 2 } as const;
export type BookSide = (typeof SIDE)[keyof typeof SIDE];
export type BookTif = (typeof TIF)[keyof typeof TIF];

/** What an operation did; anything but `ok` changed nothing. */
export const BOOK_STATUS = ['ok', 'unknown_id', 'duplicate_id', 'invalid', 'killed'] as const;
export type BookStatus = (typeof BOOK_STATUS)[number];

export interface BookTrade {
  taker: number;
  maker: number;
  price: number;
  qty: number;
}

export interface OpResult {
  status: BookStatus;
  trades: BookTrade[];
}

export interface BookLevel {
  price: number;
  qty: number;
  count: number;
}

/** Fields per operation in a batch: op, id, side, price, qty, tif. */
export const OP_FIELDS = 6;
/** Fields per trade in a batch result: opIndex, taker, maker, price, qty. */
export const BATCH_TRADE_FIELDS = 5;

export interface BatchResult {
  trades: Float64Array;
  status: Uint8Array;
}

/**
 * Arrays a caller reuses across batches, so steady-state batches allocate nothing. The result's
 * arrays are then views into them, valid until the next batch with the same buffers.
 */
export interface BatchBuffers {
  trades: Float64Array;
  status: Uint8Array;
}

export interface OrderBook {
  readonly impl: 'native' | 'ts';
  add(id: number, side: BookSide, price: number, qty: number, tif?: BookTif): OpResult;
  cancel(id: number): OpResult;
  modify(id: number, price: number, qty: number): OpResult;
  market(id: number, side: BookSide, qty: number): OpResult;
  /** Applies `ops` (OP_FIELDS numbers each) in one call; unused fields may be 0. */
  applyBatch(ops: Float64Array, into?: BatchBuffers): BatchResult;
  bestBid(): BookLevel | null;
  bestAsk(): BookLevel | null;
  depth(side: BookSide, levels: number): BookLevel[];
  /** Every resting order in priority order (bids best first, then asks): side, price, id, qty. */
  snapshot(): Float64Array;
  orderCount(): number;
}
