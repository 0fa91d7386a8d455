import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngineClient } from '../../shared/contracts/engine-client.ts';
import { ServeHost } from '../serve/serve-host.ts';
import { switchVenue } from '../serve/venue-switch.ts';
import { FakeGateway } from '../../agents/venues/ibkr/fake-gateway.ts';
import { startRandomMarket } from '../commands/ib-gateway-sim.ts';

export interface KillSwitchBenchResult {
  /** Where the orders rested: the simulated exchange, or an IB paper account at the fake gateway. */
  venue: 'sim' | 'ib-paper';
  iterations: number;
  ordersPerIteration: number;
  /** From the kill command to the engine's acknowledgement. */
  ackP50Ms: number;
  ackP99Ms: number;
  /** From the kill command to the last OrderCanceled of the resting orders. */
  allCanceledP50Ms: number;
  allCanceledP99Ms: number;
  allCanceledMaxMs: number;
  /** IB only: from the kill command until the gateway itself holds no working order (before the engine hears back). */
  atBrokerP50Ms?: number;
  atBrokerP99Ms?: number;
  targetP99Ms: number;
  met: boolean;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const round = (x: number) => Math.round(x * 100) / 100;

/**
 * `quorum bench killswitch`: a live engine under the serve host, `orders` resting bids each time,
 * the host kill switch pressed, and the time until the venue has canceled every one of them — on
 * the simulated exchange, or (`ib-paper`) at the project's fake IB Gateway on 127.0.0.1, where the
 * cancel crosses the real TWS wire protocol and the time runs until the engine has IB's answer.
 */
export async function runKillSwitchBench(
  iterations: number,
  orders: number,
  progress: (i: number) => void = () => {},
  venue: 'sim' | 'ib-paper' = 'sim',
): Promise<KillSwitchBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-bench-kill-'));
  process.env['QUORUM_LOG_LEVEL'] ??= 'warn';
  const ib = venue === 'ib-paper' ? await fakeIbMarket(dataDir) : null;
  const instrumentId = ib ? 'IB:AAPL' : 'SIM:ALPHA';
  const host = new ServeHost({ dataDir, version: 'bench' });
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
    await api.risk.setLimits({ ...limits, maxOrdersPerSecond: 10_000, maxOrdersPerMinute: 1_000_000 });
    const ack: number[] = [];
    const done: number[] = [];
    const atBroker: number[] = [];
    for (let i = 0; i < iterations; i++) {
      await api.trading.resume({ reason: 'bench' });
      const depth = await api.market.depth({ instrumentId, levels: 1 });
      const price = Math.round(depth.bids[0]!.price * 97) / 100;
      const ids: string[] = [];
      for (let k = 0; k < orders; k++)
        ids.push(
          (
            await api.orders.submit({
              instrumentId,
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
      const engaged = host.killSwitch.engage('bench', false).then(() => ack.push(performance.now() - t0));
      if (ib) {
        await until(() => ib.working() === 0);
        atBroker.push(performance.now() - t0);
      }
      await engaged;
      await until(() => ids.every((id) => canceled.has(id)));
      done.push(performance.now() - t0);
      progress(i + 1);
    }
    const p99 = pct(done, 0.99);
    return {
      venue,
      iterations,
      ordersPerIteration: orders,
      ackP50Ms: round(pct(ack, 0.5)),
      ackP99Ms: round(pct(ack, 0.99)),
      allCanceledP50Ms: round(pct(done, 0.5)),
      allCanceledP99Ms: round(p99),
      allCanceledMaxMs: round(Math.max(...done)),
      ...(atBroker.length ? { atBrokerP50Ms: round(pct(atBroker, 0.5)), atBrokerP99Ms: round(pct(atBroker, 0.99)) } : {}),
      targetP99Ms: 50,
      met: p99 <= 50,
    };
  } finally {
    link.disconnect();
    await host.stop();
    await ib?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The fake IB Gateway with a random-walk market, and the profile switched to trade its paper account. */
async function fakeIbMarket(dataDir: string): Promise<{ working(): number; stop(): Promise<void> }> {
  const gateway = await FakeGateway.start({ accounts: ['DU1000001'] });
  const stopMarket = startRandomMarket(gateway, ['AAPL'], { seed: 1, tickMs: 100 });
  await switchVenue(dataDir, { venue: 'ib-paper', 'ib-port': String(gateway.port), 'ib-symbols': 'AAPL' });
  return {
    working: () => [...gateway.orders.values()].filter((o) => o.status === 'Submitted').length,
    stop: async () => {
      stopMarket();
      await gateway.stop();
    },
  };
}
