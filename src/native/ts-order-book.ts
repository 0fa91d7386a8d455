import {
  BOOK_STATUS,
  BATCH_TRADE_FIELDS,
  OP_FIELDS,
  SIDE,
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

interface Resting {
  id: number;
  side: BookSide;
  price: number;
  qty: number;
  prev: Resting | null;
  next: Resting | null;
  level: Level;
}

interface Level {
  price: number;
  head: Resting | null;
  tail: Resting | null;
  total: number;
  count: number;
}

/** One side of the book: levels by price, and their prices sorted so that the best is last. */
class BookSideLevels {
  readonly byPrice = new Map<number, Level>();
  readonly prices: number[] = [];
  private readonly better: (a: number, b: number) => boolean;

  constructor(side: BookSide) {
    // Bids ascend (best = highest = last); asks descend (best = lowest = last).
    this.better = side === SIDE.buy ? (a, b) => a > b : (a, b) => a < b;
  }

  best(): Level | undefined {
    const p = this.prices[this.prices.length - 1];
    return p === undefined ? undefined : this.byPrice.get(p);
  }

  getOrCreate(price: number): Level {
    let level = this.byPrice.get(price);
    if (level) return level;
    level = { price, head: null, tail: null, total: 0, count: 0 };
    this.byPrice.set(price, level);
    let lo = 0;
    let hi = this.prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.better(this.prices[mid]!, price)) hi = mid;
      else lo = mid + 1;
    }
    this.prices.splice(lo, 0, price);
    return level;
  }

  remove(level: Level): void {
    this.byPrice.delete(level.price);
    if (this.prices[this.prices.length - 1] === level.price) {
      this.prices.pop();
      return;
    }
    let lo = 0;
    let hi = this.prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.better(this.prices[mid]!, level.price)) hi = mid;
      else lo = mid + 1;
    }
    this.prices.splice(lo - 1, 1);
  }

  /** Levels best first. */
  *levels(): Generator<Level> {
    for (let i = this.prices.length - 1; i >= 0; i--) yield this.byPrice.get(this.prices[i]!)!;
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const intIn = (x: number, lo: number, hi: number) => Number.isInteger(x) && x >= lo && x <= hi;

/** The TypeScript twin of the native book: same semantics, same status codes, same validation. */
export class TsOrderBook implements OrderBook {
  readonly impl = 'ts' as const;
  private readonly orders = new Map<number, Resting>();
  private readonly sides = [new BookSideLevels(SIDE.buy), new BookSideLevels(SIDE.sell)] as const;
  private trades: BookTrade[] = [];

  add(id: number, side: BookSide, price: number, qty: number, tif: BookTif = 0): OpResult {
    return this.result(this.apply(0, id, side, price, qty, tif));
  }
  cancel(id: number): OpResult {
    return this.result(this.apply(1, id, 0, 0, 0, 0));
  }
  modify(id: number, price: number, qty: number): OpResult {
    return this.result(this.apply(2, id, 0, price, qty, 0));
  }
  market(id: number, side: BookSide, qty: number): OpResult {
    return this.result(this.apply(3, id, side, 0, qty, 0));
  }

  applyBatch(ops: Float64Array, into?: BatchBuffers): BatchResult {
    if (ops.length % OP_FIELDS !== 0) throw new TypeError('applyBatch: the array length must be a multiple of 6');
    const count = ops.length / OP_FIELDS;
    if (into && into.status.length < count) throw new TypeError('applyBatch: statusOut is shorter than the batch');
    const status = into ? into.status.subarray(0, count) : new Uint8Array(count);
    let out = into?.trades ?? new Float64Array(Math.max(16, count));
    let written = 0;
    for (let i = 0; i < count; i++) {
      const o = i * OP_FIELDS;
      status[i] = this.apply(ops[o]!, ops[o + 1]!, ops[o + 2]!, ops[o + 3]!, ops[o + 4]!, ops[o + 5]!);
      for (const t of this.trades) {
        if (written + BATCH_TRADE_FIELDS > out.length) {
          const grown = new Float64Array(Math.max(out.length * 2, written + BATCH_TRADE_FIELDS));
          grown.set(out.subarray(0, written));
          out = grown;
        }
        out[written++] = i;
        out[written++] = t.taker;
        out[written++] = t.maker;
        out[written++] = t.price;
        out[written++] = t.qty;
      }
    }
    return { trades: out.subarray(0, written), status };
  }

  bestBid(): BookLevel | null {
    return this.depth(SIDE.buy, 1)[0] ?? null;
  }
  bestAsk(): BookLevel | null {
    return this.depth(SIDE.sell, 1)[0] ?? null;
  }

  depth(side: BookSide, levels: number): BookLevel[] {
    const out: BookLevel[] = [];
    for (const level of this.sides[side === SIDE.buy ? 0 : 1].levels()) {
      if (out.length >= levels) break;
      out.push({ price: level.price, qty: level.total, count: level.count });
    }
    return out;
  }

  snapshot(): Float64Array {
    const out: number[] = [];
    for (const side of [SIDE.buy, SIDE.sell] as const) {
      for (const level of this.sides[side].levels()) {
        for (let o = level.head; o; o = o.next) out.push(side, level.price, o.id, o.qty);
      }
    }
    return Float64Array.from(out);
  }

  orderCount(): number {
    return this.orders.size;
  }

  private result(code: number): OpResult {
    return { status: BOOK_STATUS[code] as BookStatus, trades: this.trades.slice() };
  }

  /** Mirrors `apply` in crate/src/binding.rs: validation first, then the book operation. */
  private apply(op: number, id: number, side: number, price: number, qty: number, tif: number): number {
    this.trades = [];
    if (!intIn(op, 0, 3) || !intIn(id, 0, MAX_SAFE)) return 3;
    if (op === 1) return this.doCancel(id);
    if (!intIn(qty, 1, MAX_SAFE)) return op === 2 && !this.orders.has(id) ? 1 : 3;
    if (op === 3) return intIn(side, 0, 1) ? this.doMarket(id, side as BookSide, qty) : 3;
    if (!intIn(price, 1, MAX_SAFE)) return op === 2 && !this.orders.has(id) ? 1 : 3;
    if (op === 2) return this.doModify(id, price, qty);
    if (!intIn(side, 0, 1) || !intIn(tif, 0, 2)) return 3;
    return this.doAdd(id, side as BookSide, price, qty, tif);
  }

  private doAdd(id: number, side: BookSide, price: number, qty: number, tif: number): number {
    if (this.orders.has(id)) return 2;
    if (tif === 2 && this.available(side, price, qty) < qty) return 4;
    const remaining = this.take(id, side, price, qty);
    if (remaining > 0 && tif === 0) this.rest(id, side, price, remaining);
    return 0;
  }

  private doMarket(id: number, side: BookSide, qty: number): number {
    this.take(id, side, null, qty);
    return 0;
  }

  private doCancel(id: number): number {
    const order = this.orders.get(id);
    if (!order) return 1;
    this.unlink(order);
    return 0;
  }

  private doModify(id: number, price: number, qty: number): number {
    const order = this.orders.get(id);
    if (!order) return 1;
    if (price === order.price && qty <= order.qty) {
      order.level.total -= order.qty - qty;
      order.qty = qty;
      return 0;
    }
    this.unlink(order);
    const remaining = this.take(id, order.side, price, qty);
    if (remaining > 0) this.rest(id, order.side, price, remaining);
    return 0;
  }

  private available(side: BookSide, limit: number, wanted: number): number {
    let sum = 0;
    for (const level of this.sides[side === SIDE.buy ? 1 : 0].levels()) {
      if (!crosses(side, limit, level.price) || sum >= wanted) break;
      sum += level.total;
    }
    return sum;
  }

  private take(taker: number, side: BookSide, limit: number | null, qty: number): number {
    const opposite = this.sides[side === SIDE.buy ? 1 : 0];
    while (qty > 0) {
      const level = opposite.best();
      if (!level || !crosses(side, limit, level.price)) break;
      while (qty > 0 && level.head) {
        const maker = level.head;
        const fill = Math.min(qty, maker.qty);
        this.trades.push({ taker, maker: maker.id, price: level.price, qty: fill });
        maker.qty -= fill;
        level.total -= fill;
        qty -= fill;
        if (maker.qty === 0) {
          level.head = maker.next;
          if (level.head) level.head.prev = null;
          else level.tail = null;
          level.count--;
          this.orders.delete(maker.id);
        }
      }
      if (!level.head) opposite.remove(level);
    }
    return qty;
  }

  private rest(id: number, side: BookSide, price: number, qty: number): void {
    const level = this.sides[side].getOrCreate(price);
    const order: Resting = { id, side, price, qty, prev: level.tail, next: null, level };
    if (level.tail) level.tail.next = order;
    else level.head = order;
    level.tail = order;
    level.total += qty;
    level.count++;
    this.orders.set(id, order);
  }

  private unlink(order: Resting): void {
    const level = order.level;
    if (order.prev) order.prev.next = order.next;
    else level.head = order.next;
    if (order.next) order.next.prev = order.prev;
    else level.tail = order.prev;
    level.total -= order.qty;
    level.count--;
    this.orders.delete(order.id);
    if (level.count === 0) this.sides[order.side].remove(level);
  }
}

function crosses(side: BookSide, limit: number | null, resting: number): boolean {
  if (limit === null) return true;
  return side === SIDE.buy ? resting <= limit : resting >= limit;
}
