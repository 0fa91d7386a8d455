import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NATIVE_BINARY, describeOrderBook, loadNativeBinding, orderBooks } from './index.ts';
import { OP_FIELDS, type OrderBook } from './order-book.ts';

const native = loadNativeBinding();

// One operation as the CSV replay and the venue would issue it; some fields deliberately bad.
const opArb = fc.record({
  op: fc.constantFrom(0, 0, 0, 1, 2, 3),
  id: fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max: 25 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 0.5, Number.NaN) }),
  side: fc.oneof({ weight: 20, arbitrary: fc.constantFrom(0, 1) }, { weight: 1, arbitrary: fc.constant(2) }),
  price: fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: 95, max: 105 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -3, 100.5, Number.NaN, Infinity) },
  ),
  qty: fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: 1, max: 30 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -5, 2.5, Number.NaN) },
  ),
  tif: fc.oneof(
    { weight: 10, arbitrary: fc.constant(0) },
    { weight: 2, arbitrary: fc.constantFrom(1, 2) },
    { weight: 1, arbitrary: fc.constant(7) },
  ),
});
type Op = fc.Arbitrary<typeof opArb extends fc.Arbitrary<infer T> ? T : never> extends fc.Arbitrary<infer U> ? U : never;

function applyOne(book: OrderBook, o: Op) {
  const batch = Float64Array.of(o.op, o.id, o.side, o.price, o.qty, o.tif);
  return book.applyBatch(batch);
}

describe('native and TypeScript order books', () => {
  it('the native binary is built and loads in CI', () => {
    if (process.env['CI']) expect(native.reason).toBeNull();
    expect(describeOrderBook()).toBe(native.binding ? 'native (quorum_native 0.1.0)' : `TypeScript (${native.reason})`);
    expect(orderBooks('ts').impl).toBe('ts');
  });

  // Node-API is looked up at run time (as on Windows, where the host may be electron.exe), so the
  // binary must not ask the dynamic linker for any napi_ symbol; nm is there wherever cargo linked it.
  it.skipIf(!native.binding || process.platform !== 'linux')('the native binary imports no Node-API symbol at link time', () => {
    const nm = spawnSync('nm', ['-D', '--undefined-only', NATIVE_BINARY], { encoding: 'utf8' });
    expect(nm.status, nm.stderr).toBe(0);
    const undefinedSymbols = nm.stdout.split('\n').map((line) => line.trim().split(/\s+/).at(-1) ?? '');
    expect(undefinedSymbols.some((s) => s.startsWith('dlsym'))).toBe(true);
    expect(undefinedSymbols.filter((s) => s.startsWith('napi_'))).toEqual([]);
  });

  it.skipIf(!native.binding)('agree on every trade, every status and the whole book after every step', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
        const a = orderBooks('native').create();
        const b = orderBooks('ts').create();
        for (const o of ops) {
          const ra = applyOne(a, o);
          const rb = applyOne(b, o);
          expect(ra.status).toEqual(rb.status);
          expect(ra.trades).toEqual(rb.trades);
          expect(a.snapshot()).toEqual(b.snapshot());
          expect(a.orderCount()).toBe(b.orderCount());
        }
        expect(a.depth(0, 5)).toEqual(b.depth(0, 5));
        expect(a.depth(1, 5)).toEqual(b.depth(1, 5));
      }),
      { numRuns: 3000 },
    );
  });

  it.skipIf(!native.binding)('give the same results from the batch API and from single operations', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 200 }), (ops) => {
        const flat = new Float64Array(ops.length * OP_FIELDS);
        ops.forEach((o, i) => flat.set([o.op, o.id, o.side, o.price, o.qty, o.tif], i * OP_FIELDS));
        const batched = orderBooks('native').create().applyBatch(flat);
        const single = orderBooks('ts').create();
        const trades: number[] = [];
        const status: number[] = [];
        ops.forEach((o, i) => {
          const r =
            o.op === 0
              ? single.add(o.id, o.side as 0, o.price, o.qty, o.tif as 0)
              : o.op === 1
                ? single.cancel(o.id)
                : o.op === 2
                  ? single.modify(o.id, o.price, o.qty)
                  : single.market(o.id, o.side as 0, o.qty);
          status.push(['ok', 'unknown_id', 'duplicate_id', 'invalid', 'killed'].indexOf(r.status));
          for (const t of r.trades) trades.push(i, t.taker, t.maker, t.price, t.qty);
        });
        expect(Array.from(batched.status)).toEqual(status);
        expect(Array.from(batched.trades)).toEqual(trades);
      }),
      { numRuns: 500 },
    );
  });
});

describe.each((['ts', 'native'] as const).filter((i) => i === 'ts' || native.binding))('batches into reused buffers (%s)', (impl) => {
  it('returns the same trades as a fresh batch, also when they overflow the buffer', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 120 }), fc.integer({ min: 0, max: 12 }), (ops, room) => {
        const flat = new Float64Array(ops.length * OP_FIELDS);
        ops.forEach((o, i) => flat.set([o.op, o.id, o.side, o.price, o.qty, o.tif], i * OP_FIELDS));
        const fresh = orderBooks(impl).create().applyBatch(flat);
        const into = { trades: new Float64Array(room * 5), status: new Uint8Array(ops.length + 3) };
        const reused = orderBooks(impl).create().applyBatch(flat, into);
        expect(Array.from(reused.trades)).toEqual(Array.from(fresh.trades));
        expect(Array.from(reused.status)).toEqual(Array.from(fresh.status));
      }),
      { numRuns: 300 },
    );
  });
});

const impls = (['ts', 'native'] as const).filter((i) => i === 'ts' || native.binding);

describe.each(impls)('order book rules (%s)', (impl) => {
  const book = () => orderBooks(impl).create();

  it('fills best price first, oldest first within a price, at the resting price', () => {
    const b = book();
    b.add(1, 1, 101, 5);
    b.add(2, 1, 100, 5);
    b.add(3, 1, 100, 5);
    expect(b.add(4, 0, 101, 12).trades).toEqual([
      { taker: 4, maker: 2, price: 100, qty: 5 },
      { taker: 4, maker: 3, price: 100, qty: 5 },
      { taker: 4, maker: 1, price: 101, qty: 2 },
    ]);
    expect(Array.from(b.snapshot())).toEqual([1, 101, 1, 3]);
    expect(b.bestAsk()).toEqual({ price: 101, qty: 3, count: 1 });
    expect(b.bestBid()).toBeNull();
  });

  it('rests the remainder of a crossing limit order, drops it for IOC and market orders', () => {
    const b = book();
    b.add(1, 1, 100, 5);
    b.add(2, 0, 100, 8);
    expect(b.bestBid()).toEqual({ price: 100, qty: 3, count: 1 });
    b.add(3, 1, 99, 10, 1);
    expect(b.bestAsk()).toBeNull();
    expect(b.market(4, 1, 50).trades).toEqual([]);
  });

  it('keeps queue priority on a size decrease and loses it on an increase or a price change', () => {
    const b = book();
    b.add(1, 0, 100, 5);
    b.add(2, 0, 100, 5);
    b.modify(1, 100, 3);
    expect(Array.from(b.snapshot())).toEqual([0, 100, 1, 3, 0, 100, 2, 5]);
    b.modify(1, 100, 4);
    expect(Array.from(b.snapshot())).toEqual([0, 100, 2, 5, 0, 100, 1, 4]);
    b.add(3, 1, 102, 2);
    expect(b.modify(1, 102, 4).trades).toEqual([{ taker: 1, maker: 3, price: 102, qty: 2 }]);
    expect(b.bestBid()).toEqual({ price: 102, qty: 2, count: 1 });
  });

  it('fills FOK whole or not at all', () => {
    const b = book();
    b.add(1, 1, 100, 5);
    b.add(2, 1, 101, 5);
    expect(b.add(3, 0, 100, 6, 2)).toEqual({ status: 'killed', trades: [] });
    expect(b.add(4, 0, 101, 10, 2).trades.map((t) => t.qty)).toEqual([5, 5]);
  });

  it('refuses bad input and changes nothing', () => {
    const b = book();
    b.add(1, 0, 100, 5);
    const before = Array.from(b.snapshot());
    expect(b.add(1, 0, 99, 1).status).toBe('duplicate_id');
    expect(b.add(2, 0, 99, 0).status).toBe('invalid');
    expect(b.add(2, 0, Number.NaN, 1).status).toBe('invalid');
    expect(b.add(2, 0, 99, -3).status).toBe('invalid');
    expect(b.cancel(42).status).toBe('unknown_id');
    expect(b.modify(42, 100, 1).status).toBe('unknown_id');
    expect(b.modify(1, 100, 0).status).toBe('invalid');
    expect(Array.from(b.snapshot())).toEqual(before);
  });

  it('reports depth by level, best first', () => {
    const b = book();
    b.add(1, 0, 99, 5);
    b.add(2, 0, 100, 1);
    b.add(3, 0, 100, 2);
    b.add(4, 1, 103, 7);
    expect(b.depth(0, 10)).toEqual([
      { price: 100, qty: 3, count: 2 },
      { price: 99, qty: 5, count: 1 },
    ]);
    expect(b.depth(1, 10)).toEqual([{ price: 103, qty: 7, count: 1 }]);
  });

  it('returns every trade of an operation that produces more than fit the scratch array', () => {
    const b = book();
    for (let i = 1; i <= 150; i++) b.add(i, 1, 100 + (i % 3), 1);
    const r = b.market(999, 0, 150);
    expect(r.trades).toHaveLength(150);
    expect(r.trades.at(-1)).toMatchObject({ price: 102, qty: 1 });
    expect(b.orderCount()).toBe(0);
  });
});
