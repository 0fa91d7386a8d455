import {
  BATCH_TRADE_FIELDS,
  BOOK_STATUS,
  OP_FIELDS,
  type BatchBuffers,
  type BatchResult,
  type BookLevel,
  type BookSide,
  type BookStatus,
  type BookTif,
  type BookTrade,
  type OpResult,
  type OrderBook,
} from './order-book.ts';

/** The functions the .node binary exports (crate/src/binding.rs). */
export interface NativeBinding {
  /** The crate's name and version ("quorum_native 0.1.0"). */
  version(): string;
  createBook(): unknown;
  setScratch(book: unknown, scratch: Float64Array): void;
  apply(book: unknown, op: number, id: number, side: number, price: number, qty: number, tif: number): number;
  lastTrades(book: unknown): Float64Array;
  applyBatch(book: unknown, ops: Float64Array): BatchResult;
  applyBatch(book: unknown, ops: Float64Array, tradesOut: Float64Array, statusOut: Uint8Array): number;
  batchOverflow(book: unknown): Float64Array;
  snapshot(book: unknown): Float64Array;
  depth(book: unknown, side: number, levels: number): Float64Array;
  orderCount(book: unknown): number;
}

const SCRATCH_TRADES = 64;

/** The Rust book behind the OrderBook interface. Single operations write trades to a scratch array. */
export class NativeOrderBook implements OrderBook {
  readonly impl = 'native' as const;
  private readonly binding: NativeBinding;
  private readonly handle: unknown;
  private readonly scratch = new Float64Array(1 + SCRATCH_TRADES * 4);

  constructor(binding: NativeBinding) {
    this.binding = binding;
    this.handle = binding.createBook();
    binding.setScratch(this.handle, this.scratch);
  }

  add(id: number, side: BookSide, price: number, qty: number, tif: BookTif = 0): OpResult {
    return this.run(0, id, side, price, qty, tif);
  }
  cancel(id: number): OpResult {
    return this.run(1, id, 0, 0, 0, 0);
  }
  modify(id: number, price: number, qty: number): OpResult {
    return this.run(2, id, 0, price, qty, 0);
  }
  market(id: number, side: BookSide, qty: number): OpResult {
    return this.run(3, id, side, 0, qty, 0);
  }

  /** The raw single-operation call: status code, trades left in the scratch array (for benchmarks). */
  applyRaw(op: number, id: number, side: number, price: number, qty: number, tif: number): number {
    return this.binding.apply(this.handle, op, id, side, price, qty, tif);
  }

  applyBatch(ops: Float64Array, into?: BatchBuffers): BatchResult {
    if (!into) return this.binding.applyBatch(this.handle, ops);
    const count = this.binding.applyBatch(this.handle, ops, into.trades, into.status);
    const fits = Math.floor(into.trades.length / BATCH_TRADE_FIELDS);
    const status = into.status.subarray(0, ops.length / OP_FIELDS);
    if (count <= fits) return { trades: into.trades.subarray(0, count * BATCH_TRADE_FIELDS), status };
    const trades = new Float64Array(count * BATCH_TRADE_FIELDS);
    trades.set(into.trades.subarray(0, fits * BATCH_TRADE_FIELDS));
    trades.set(this.binding.batchOverflow(this.handle), fits * BATCH_TRADE_FIELDS);
    return { trades, status };
  }

  bestBid(): BookLevel | null {
    return this.depth(0, 1)[0] ?? null;
  }
  bestAsk(): BookLevel | null {
    return this.depth(1, 1)[0] ?? null;
  }

  depth(side: BookSide, levels: number): BookLevel[] {
    const raw = this.binding.depth(this.handle, side, levels);
    const out: BookLevel[] = [];
    for (let i = 0; i < raw.length; i += 3) out.push({ price: raw[i]!, qty: raw[i + 1]!, count: raw[i + 2]! });
    return out;
  }

  snapshot(): Float64Array {
    return this.binding.snapshot(this.handle);
  }

  orderCount(): number {
    return this.binding.orderCount(this.handle);
  }

  private run(op: number, id: number, side: number, price: number, qty: number, tif: number): OpResult {
    const code = this.binding.apply(this.handle, op, id, side, price, qty, tif);
    const count = this.scratch[0]!;
    const source = count > SCRATCH_TRADES ? this.binding.lastTrades(this.handle) : this.scratch;
    const trades: BookTrade[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const o = 1 + i * 4;
      trades[i] = { taker: source[o]!, maker: source[o + 1]!, price: source[o + 2]!, qty: source[o + 3]! };
    }
    return { status: BOOK_STATUS[code] as BookStatus, trades };
  }
}
