import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { inferenceContract } from '../../shared/contracts/inference.contract.ts';
import { createClient } from '../../shared/contracts/rpc-client.ts';
import { ServiceRegistry } from '../../shared/contracts/rpc-server.ts';
import type { Bar } from '../../shared/domain/market.ts';
import { IndicatorSet } from '../../shared/indicators/indicator-set.ts';
import { RpcPeer } from '../../shared/ipc/rpc-peer.ts';
import { silentLogger } from '../../shared/logger.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import { TechnicalAnalyst } from '../../agents/analysts/technical/technical-analyst.ts';
import { TestClock } from '../../agents/engine/clock.ts';
import { MessageBus } from '../../agents/engine/message-bus.ts';
import { InferenceHost } from '../../agents/inference/inference-host.ts';
import { checkModelFile } from '../../agents/models/model-check.ts';
import { LatencyStats } from '../../agents/models/latency-stats.ts';
import { openSession, runRows } from '../../agents/inference/onnx-session.ts';
import { schedule, workerPort } from './message-port.ts';
import { bareSocketEcho } from './socket-echo.ts';
import { withInferenceProcess } from './inference-process.ts';

const MODEL = new URL('../../../resources/models/quorum-default.onnx', import.meta.url).pathname;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A seeded random walk of one-minute bars (1 % moves unless `move` says otherwise) for benchmarks. */
export function syntheticBars(n: number, seed: number, instrumentId = 'BENCH', move = 0.01): Bar[] {
  const rnd = new SeededRandom(seed);
  let close = 100;
  return Array.from({ length: n }, (_, i) => {
    const open = close;
    close = Math.max(1, close * (1 + move * rnd.normal()));
    const high = Math.max(open, close) * (1 + 0.003 * rnd.next());
    const low = Math.min(open, close) * (1 - 0.003 * rnd.next());
    return {
      instrumentId,
      intervalMs: 60_000,
      ts: i * 60_000,
      open,
      high,
      low,
      close,
      volume: 1_000 + Math.floor(1_000 * rnd.next()),
    } as Bar;
  });
}

/** Technical analyst (indicators + rule + signal on a bus) against the bare indicator set. */
function benchTechnical(bars: Bar[], runs: number) {
  const agentRates: number[] = [];
  const indicatorRates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const set = new IndicatorSet();
    let t0 = performance.now();
    for (const b of bars) set.update(b);
    indicatorRates.push(bars.length / ((performance.now() - t0) / 1000));

    const bus = new MessageBus();
    let signals = 0;
    bus.subscribe('SignalEmitted', () => signals++);
    const clock = new TestClock(0);
    const agent = new TechnicalAnalyst('analyst.technical', {
      bus,
      clock,
      random: new SeededRandom(1),
      log: silentLogger,
      dispatch: () => {},
    });
    agent.start();
    t0 = performance.now();
    for (const bar of bars) bus.publish('BarClosed', { type: 'BarClosed', tsEvent: bar.ts, tsInit: bar.ts, source: 'bench', bar });
    agentRates.push(bars.length / ((performance.now() - t0) / 1000));
    agent.stop();
    if (signals < bars.length - 100) throw new Error(`technical analyst emitted only ${signals} signals`);
  }
  return { barsPerSecond: median(agentRates), indicatorsOnlyBarsPerSecond: median(indicatorRates), target: 1_000_000 };
}

/**
 * Engine → inference → engine for one row of the default model: between processes as under `quorum
 * serve`, over a thread boundary, and in process; and the machine's floor in the same run: a bare
 * echo between two processes, and the in-process call made after a 5 ms pause (as decisions come,
 * bars apart: on this virtual machine code that has been idle runs several times slower).
 */
async function benchRoundTrip(calls: number) {
  const checked = checkModelFile(new Uint8Array(readFileSync(MODEL)));
  if (!checked.ok) throw new Error(checked.error);
  const row = Array.from({ length: checked.value.rowShape[0]! }, (_, i) => 0.01 * i);
  const measure = async (client: ReturnType<typeof createClient<typeof inferenceContract>>, pauseMs = 0, n = calls) => {
    await client.load({ modelId: 'default', path: MODEL, rowShape: checked.value.rowShape });
    for (let i = 0; i < 200; i++) await client.predict({ modelId: 'default', rows: 1, data: row });
    const samples = new LatencyStats(n);
    for (let i = 0; i < n; i++) {
      if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const t0 = performance.now();
      await client.predict({ modelId: 'default', rows: 1, data: row });
      samples.add(performance.now() - t0);
    }
    return { p50Ms: samples.percentile(50)!, p99Ms: samples.percentile(99)! };
  };
  const worker = new Worker(new URL('./inference-worker.ts', import.meta.url));
  const peer = new RpcPeer(workerPort(worker as never), { schedule, timeoutMs: 10_000 });
  const overThread = await measure(createClient(inferenceContract, peer.call));
  await worker.terminate();
  const overSocket = await withInferenceProcess(async (port) =>
    measure(createClient(inferenceContract, new RpcPeer(port, { schedule, timeoutMs: 10_000 }).call)),
  );
  const floor = await bareSocketEcho(calls);
  const registry = new ServiceRegistry();
  new InferenceHost('cpu').register(registry);
  const inProcess = await measure(createClient(inferenceContract, registry.local));
  const afterPause = await measure(createClient(inferenceContract, registry.local), 5, Math.min(calls, 1_000));
  return {
    calls,
    overProcessSocket: overSocket,
    overWorkerPort: overThread,
    inProcessNoHop: inProcess,
    inProcessAfterPause: { pauseMs: 5, ...afterPause },
    bareSocketEcho: floor,
    targetP99Ms: 1,
  };
}

/** Batch inference of the default model on CPU, in batches of `batch` rows. */
async function benchBatch(rows: number, batch: number, runs: number) {
  const { session, provider } = await openSession(new Uint8Array(readFileSync(MODEL)), 'cpu');
  const width = session.inputMetadata[0] && 'shape' in session.inputMetadata[0] ? Number(session.inputMetadata[0].shape[1]) : 12;
  const rnd = new SeededRandom(3);
  const data = Float32Array.from({ length: batch * width }, () => rnd.normal() * 0.02);
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let done = 0; done < rows; done += batch) await runRows(session, data, batch, [width]);
    rates.push(rows / ((performance.now() - t0) / 1000));
  }
  await session.release();
  return { provider, rows, batch, rowsPerSecond: median(rates), target: 250_000 };
}

export async function runAnalystsBench(options: { bars: number; calls: number; rows: number; runs: number; seed: number }) {
  const bars = syntheticBars(options.bars, options.seed);
  return {
    bench: 'analysts',
    runs: options.runs,
    technical: { bars: options.bars, ...benchTechnical(bars, options.runs) },
    roundTrip: await benchRoundTrip(options.calls),
    batch: await benchBatch(options.rows, 65_536, options.runs),
  };
}
