import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngineClient } from '../../shared/contracts/engine-client.ts';
import { ServeHost } from '../serve/serve-host.ts';

export interface KillSwitchBenchResult {
  iterations: number;
  ordersPerIteration: number;
  /** From the kill command to the engine's acknowledgement. */
  ackP50Ms: number;
  ackP99Ms: number;
  /** From the kill command to the last OrderCanceled of the resting orders. */
  allCanceledP50Ms: number;
  allCanceledP99Ms: number;
  allCanceledMaxMs: number;
  targetP99Ms: number;
  met: boolean;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const round = (x: number) => Math.round(x * 100) / 100;

/**
 * `quorum bench killswitch`: a live engine under the serve host, `orders` resting bids each time,
 * the host kill switch pressed, and the time until the venue has canceled every one of them.
 */
export async function runKillSwitchBench(
  iterations: number,
  orders: number,
  progress: (i: number) => void = () => {},
): Promise<KillSwitchBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-bench-kill-'));
  process.env['QUORUM_LOG_LEVEL'] ??= 'warn';
  const host = new ServeHost({ dataDir, seed: 1, barIntervalMs: 1_000, version: 'bench' });
  const waiters: { test: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  const canceled = new Set<string>();
  const accepted = new Set<string>();
  const denied = new Map<string, string>();
  const link = host.connect({
    send: (raw) => {
      const m = raw as Record<string, unknown>;
      const e = m['event'] as { type?: string; clientOrderId?: string } | undefined;
      if (e?.type === 'OrderCanceled') canceled.add(e.clientOrderId!);
      if (e?.type === 'OrderAccepted') accepted.add(e.clientOrderId!);
      if (e?.type === 'OrderDenied' || e?.type === 'OrderRejected') denied.set(e.clientOrderId!, JSON.stringify(e));
      for (const w of [...waiters]) {
        if (!w.test(m)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    },
    close: () => {},
  });
  let nextId = 1;
  const call = async (method: string, params: unknown) => {
    const id = nextId++;
    const answer = new Promise<Record<string, unknown>>((resolve) =>
      waiters.push({ test: (m) => m['t'] === 'res' && m['id'] === id, resolve }),
    );
    link.receive({ t: 'req', id, method, params });
    const m = await answer;
    if (!m['ok']) throw new Error(String((m['error'] as { message: string }).message));
    return m['result'];
  };
  const api = createEngineClient(call);
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((r) => setTimeout(r, 1));
  };
  try {
    host.start();
    await until(() => host.status().processes.every((p) => p.state === 'running'));
    await new Promise((r) => setTimeout(r, 1_500));
    // The engine's own rate limits would (rightly) deny ten orders per second, every round.
    const limits = await api.risk.limits({});
    await api.risk.setLimits({ ...limits, maxOrdersPerSecond: 100_000, maxOrdersPerMinute: 1_000_000 });
    const ack: number[] = [];
    const done: number[] = [];
    for (let i = 0; i < iterations; i++) {
      await api.trading.resume({ reason: 'bench' });
      const depth = await api.market.depth({ instrumentId: 'SIM:ALPHA', levels: 1 });
      const price = Math.round(depth.bids[0]!.price * 97) / 100;
      const ids: string[] = [];
      for (let k = 0; k < orders; k++)
        ids.push(
          (
            await api.orders.submit({
              instrumentId: 'SIM:ALPHA',
              side: 'buy',
              type: 'limit',
              quantity: 1,
              limitPrice: price,
              timeInForce: 'gtc',
            })
          ).clientOrderId,
        );
      await until(() => ids.every((id) => accepted.has(id) || denied.has(id)));
      const refused = ids.find((id) => denied.has(id));
      if (refused) throw new Error(`the bench's order was refused: ${denied.get(refused)}`);
      const t0 = performance.now();
      await host.killSwitch.engage('bench', false);
      ack.push(performance.now() - t0);
      await until(() => ids.every((id) => canceled.has(id)));
      done.push(performance.now() - t0);
      progress(i + 1);
    }
    const p99 = pct(done, 0.99);
    return {
      iterations,
      ordersPerIteration: orders,
      ackP50Ms: round(pct(ack, 0.5)),
      ackP99Ms: round(pct(ack, 0.99)),
      allCanceledP50Ms: round(pct(done, 0.5)),
      allCanceledP99Ms: round(p99),
      allCanceledMaxMs: round(Math.max(...done)),
      targetP99Ms: 50,
      met: p99 <= 50,
    };
  } finally {
    link.disconnect();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
