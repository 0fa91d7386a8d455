import { type NativeOrderBook, OP_FIELDS, orderBooks, TsOrderBook, type BatchBuffers, type OrderBook } from '../../native/index.ts';
import { bookWorkload } from './book-workload.ts';

/** Batch figures are warm (reused result buffers) unless named cold. */
export interface ImplFigures {
  batchOpsPerSec: number;
  batchColdOpsPerSec: number;
  singleP50Ns: number;
  singleP99Ns: number;
}

export interface BookBenchResult {
  ops: number;
  seed: number;
  runs: number;
  native: ImplFigures | null;
  ts: ImplFigures;
  nativeOverTs: number | null;
  trades: number;
  sameTrades: boolean | null;
  timerOverheadNs: number;
  targets: { nativeBatchOpsPerSec: number; nativeOverTs: number };
  met: { nativeBatchOpsPerSec: boolean; nativeOverTs: boolean } | null;
  nativeUnavailable?: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Ops per second of the batch API: the median of `runs` runs, each on a fresh book. With `into`, the
 * caller's result buffers are reused from run to run (the steady state of a venue or a backtest);
 * without, every batch allocates its result arrays.
 */
function batchThroughput(
  create: () => OrderBook,
  ops: Float64Array,
  runs: number,
  into?: BatchBuffers,
): { opsPerSec: number; trades: number } {
  const rates: number[] = [];
  let trades = 0;
  for (let r = 0; r < runs; r++) {
    const book = create();
    const t0 = process.hrtime.bigint();
    const result = book.applyBatch(ops, into);
    const ns = Number(process.hrtime.bigint() - t0);
    rates.push((ops.length / OP_FIELDS) * (1e9 / ns));
    trades = result.trades.length / 5;
  }
  return { opsPerSec: median(rates), trades };
}

/** Latency of single operations through the live-path API, timer overhead included (reported apart). */
function singleLatency(apply: (i: number) => void, count: number): { p50: number; p99: number } {
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    apply(i);
    samples[i] = Number(process.hrtime.bigint() - t0);
  }
  samples.sort();
  return { p50: samples[Math.floor(count * 0.5)]!, p99: samples[Math.floor(count * 0.99)]! };
}

function timerOverhead(): number {
  return singleLatency(() => {}, 100_000).p50;
}

/** `quorum bench book`: the same seeded workload through both books in one run. */
export function runBookBench(opsCount: number, seed = 1, runs = 5): BookBenchResult {
  const ops = bookWorkload(opsCount, seed);
  const nativeFactory = (() => {
    try {
      return orderBooks('native');
    } catch (err) {
      return { error: (err as Error).message };
    }
  })();
  // Result buffers sized for the whole run, shared by both implementations.
  const buffers: BatchBuffers = { trades: new Float64Array(ops.length * 2), status: new Uint8Array(ops.length / OP_FIELDS) };
  const ts = batchThroughput(() => new TsOrderBook(), ops, runs, buffers);
  const tsCold = batchThroughput(() => new TsOrderBook(), ops, runs);
  const latencyOps = Math.min(opsCount, 200_000);
  const tsBook = new TsOrderBook();
  const tsLatency = singleLatency((i) => {
    const o = i * OP_FIELDS;
    const op = ops[o]!;
    if (op === 0) tsBook.add(ops[o + 1]!, ops[o + 2] as 0, ops[o + 3]!, ops[o + 4]!);
    else if (op === 1) tsBook.cancel(ops[o + 1]!);
    else tsBook.market(ops[o + 1]!, ops[o + 2] as 0, ops[o + 4]!);
  }, latencyOps);
  const result: BookBenchResult = {
    ops: opsCount,
    seed,
    runs,
    native: null,
    ts: {
      batchOpsPerSec: Math.round(ts.opsPerSec),
      batchColdOpsPerSec: Math.round(tsCold.opsPerSec),
      singleP50Ns: tsLatency.p50,
      singleP99Ns: tsLatency.p99,
    },
    nativeOverTs: null,
    trades: ts.trades,
    sameTrades: null,
    timerOverheadNs: timerOverhead(),
    targets: { nativeBatchOpsPerSec: 10_000_000, nativeOverTs: 3 },
    met: null,
  };
  if ('error' in nativeFactory) return { ...result, nativeUnavailable: nativeFactory.error };
  const native = batchThroughput(nativeFactory.create, ops, runs, buffers);
  const nativeCold = batchThroughput(nativeFactory.create, ops, runs);
  const nBook = nativeFactory.create() as NativeOrderBook;
  const nLatency = singleLatency((i) => {
    const o = i * OP_FIELDS;
    nBook.applyRaw(ops[o]!, ops[o + 1]!, ops[o + 2]!, ops[o + 3]!, ops[o + 4]!, ops[o + 5]!);
  }, latencyOps);
  const ratio = native.opsPerSec / ts.opsPerSec;
  return {
    ...result,
    native: {
      batchOpsPerSec: Math.round(native.opsPerSec),
      batchColdOpsPerSec: Math.round(nativeCold.opsPerSec),
      singleP50Ns: nLatency.p50,
      singleP99Ns: nLatency.p99,
    },
    nativeOverTs: Number(ratio.toFixed(2)),
    sameTrades: native.trades === ts.trades && nativeCold.trades === ts.trades && tsCold.trades === ts.trades,
    met: { nativeBatchOpsPerSec: native.opsPerSec >= 10_000_000, nativeOverTs: ratio >= 3 },
  };
}
