import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EngineEvent } from '../../shared/messages/events.ts';
import { scanOrderRows, traceOrder } from '../../agents/store/order-trace.ts';
import { Store } from '../../agents/store/store.ts';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const round = (x: number) => Math.round(x * 1000) / 1000;

/** One order's life (approved, sent, accepted, filled) as the engine journals it; buys and sells alternate so the book stays small. */
function orderRows(n: number, ts: number): EngineEvent[] {
  const id = `bench-${n}`;
  const side = n % 2 ? 'sell' : 'buy';
  const base = { tsEvent: ts, tsInit: ts, source: 'bench' } as const;
  return [
    { ...base, type: 'OrderApproved', clientOrderId: id, checks: ['bench'], arrivalPrice: 100 },
    {
      ...base,
      type: 'OrderSubmitted',
      order: {
        clientOrderId: id,
        instrumentId: 'SIM:ALPHA',
        side,
        type: 'market',
        quantity: 1,
        timeInForce: 'ioc',
        status: 'submitted',
        filledQuantity: 0,
        createdAt: ts,
      },
    },
    { ...base, type: 'OrderAccepted', clientOrderId: id, venueOrderId: `v${n}` },
    {
      ...base,
      type: 'OrderFilled',
      fill: { fillId: `f${n}`, clientOrderId: id, instrumentId: 'SIM:ALPHA', side, price: 100, quantity: 1, fee: 0.01, ts },
      leavesQuantity: 0,
    },
  ] as EngineEvent[];
}

/**
 * The decision card on a large journal: `rows` journal rows, one order's life in every `rows / orders`,
 * the rest alerts; then `samples` traces of random orders through the indexed lookup, against the
 * scan it replaced on the same file (fewer samples: each reads every order row).
 */
export function runTraceBench(rows: number, orders: number, samples: number) {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-trace-bench-'));
  try {
    const store = Store.open(join(dir, 'quorum.sqlite'));
    const t0 = performance.now();
    const every = Math.floor(rows / orders);
    let written = 0;
    let order = 0;
    const batch: EngineEvent[] = [];
    while (written < rows) {
      const ts = 1_700_000_000_000 + written;
      if (order < orders && written % every === 0) batch.push(...orderRows(order++, ts));
      else
        batch.push({
          type: 'AlertRaised',
          tsEvent: ts,
          tsInit: ts,
          source: 'bench',
          severity: 'info',
          code: 'BENCH',
          message: `row ${written}`,
          detail: {},
        });
      written = store.journal.headSeq + batch.length;
      if (batch.length >= 5_000) store.record(...batch.splice(0));
    }
    if (batch.length) store.record(...batch.splice(0));
    const buildSeconds = (performance.now() - t0) / 1000;

    const pick = (i: number) => `bench-${(i * 7919) % order}`;
    const indexed: number[] = [];
    for (let i = 0; i < samples; i++) {
      const s = performance.now();
      const trace = traceOrder(store.db, pick(i));
      indexed.push(performance.now() - s);
      if (trace.steps.length !== 4) throw new Error(`trace of ${pick(i)} has ${trace.steps.length} steps, not 4`);
    }
    const scanned: number[] = [];
    for (let i = 0; i < Math.min(5, samples); i++) {
      const s = performance.now();
      scanOrderRows(store.db, pick(i));
      scanned.push(performance.now() - s);
    }
    const journalRows = store.journal.headSeq;
    store.close();
    const p99 = percentile(indexed, 99);
    return {
      journalRows,
      orders: order,
      buildSeconds: round(buildSeconds),
      indexed: { samples, p50Ms: round(percentile(indexed, 50)), p99Ms: round(p99) },
      scanBaseline: { samples: scanned.length, p50Ms: round(percentile(scanned, 50)) },
      scanOverIndexedP50: round(percentile(scanned, 50) / percentile(indexed, 50)),
      targetP99Ms: 50,
      met: p99 <= 50,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
