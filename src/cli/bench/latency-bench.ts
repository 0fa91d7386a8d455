import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ConsensusConfigSchema, OptimizerConfigSchema } from '../../shared/domain/consensus.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import { Kernel } from '../../agents/engine/kernel.ts';
import { checkModelFile } from '../../agents/models/model-check.ts';
import { LatencyStats } from '../../agents/models/latency-stats.ts';
import { findDefaultModel } from '../../agents/models/default-model-path.ts';
import { registerServices } from '../../agents/services/register-services.ts';
import { Store } from '../../agents/store/store.ts';
import { withInferenceProcess } from './inference-process.ts';
import { bareSocketEcho } from './socket-echo.ts';

const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
const percentiles = (s: LatencyStats) => ({ count: s.count, p50Ms: round(s.percentile(50)), p99Ms: round(s.percentile(99)) });

export interface LatencyBenchOptions {
  /** Bars to measure after the model first votes (over all three simulated instruments). */
  bars: number;
  barIntervalMs: number;
  /** Back-to-back calls for the round trip and the bare echo. */
  calls: number;
  /** Gives up after this long, saying how far it got. */
  timeoutMs: number;
}

/**
 * `quorum bench latency`: a paper session (the kernel on the live clock, the simulated exchange and
 * market; consensus acting on every score and the optimizer with no no-trade band, so that orders
 * follow many bars) whose default model votes
 * through the real inference process over the engine's local socket; from each bar's close reaching
 * the agents to our order accepted by the simulated venue (and to the decision on it), then the
 * engine ⇄ inference round trip and a bare process-to-process echo, back to back, in the same run.
 */
export async function runLatencyBench(o: LatencyBenchOptions, progress: (bars: number) => void = () => {}) {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-bench-latency-'));
  try {
    const session = await withInferenceProcess(async (port) => {
      const store = Store.open(join(dir, 'quorum.sqlite'));
      const kernel = new Kernel({
        mode: 'paper',
        store,
        seed: 1,
        log: pino({ level: 'warn' }, pino.destination(2)),
        barIntervalMs: o.barIntervalMs,
        feed: { kind: 'simulator' },
        defaultModelPath: findDefaultModel(undefined, import.meta.url),
        agentsTrade: true,
        consensus: ConsensusConfigSchema.parse({ buyThreshold: 0, sellThreshold: 0 }),
        optimizer: OptimizerConfigSchema.parse({ noTradeBand: 0, turnoverPenalty: 0 }),
        rebalanceEveryBars: 1,
      });
      registerServices(kernel);
      const measured = measureSession(kernel, o, progress);
      kernel.start();
      kernel.inference.attach(port);
      try {
        const result = await measured;
        const roundTrip = await measureRoundTrip(kernel, o.calls);
        return { ...result, roundTrip };
      } finally {
        kernel.stop();
        store.close();
      }
    });
    const echo = await bareSocketEcho(o.calls);
    const ratio = session.roundTrip.p99Ms !== null ? round(session.roundTrip.p99Ms / echo.p99Ms) : null;
    return {
      bench: 'latency',
      barIntervalMs: o.barIntervalMs,
      ...session,
      bareSocketEcho: { calls: o.calls, p50Ms: round(echo.p50Ms), p99Ms: round(echo.p99Ms) },
      roundTripP99OverEchoP99: ratio,
      roundTripTarget: '≤ 2 × the bare echo p99',
      roundTripMet: ratio !== null && ratio <= 2,
      /** The same without the model's own run: what the protocol and the two processes add to a bare echo. */
      transportP99OverEchoP99: session.roundTrip.transport.p99Ms !== null ? round(session.roundTrip.transport.p99Ms / echo.p99Ms) : null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Watches the bus from the model's first vote until `bars` more bars have closed. */
function measureSession(kernel: Kernel, o: LatencyBenchOptions, progress: (bars: number) => void) {
  const barSeen = new Map<string, number>();
  const submitted = new Map<string, { instrumentId: string; at: number }>();
  const toDecision = new LatencyStats(o.bars * 2);
  const toSubmitted = new LatencyStats(o.bars * 2);
  const toAccepted = new LatencyStats(o.bars * 2);
  const venueAccepts = new LatencyStats(o.bars * 2);
  let modelVoted = false;
  let bars = 0;
  let decisionsWithModel = 0;
  type Measured = ReturnType<typeof percentiles>;
  return new Promise<{
    bars: number;
    orders: number;
    decisionsWithModel: number;
    barToDecision: Measured;
    barToOrderSubmitted: Measured;
    barToOrderAccepted: Measured;
    submittedToAccepted: Measured;
  }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`gave up after ${o.timeoutMs / 1000} s: ${modelVoted ? `${bars} bars measured` : 'the model never voted'}`)),
      o.timeoutMs,
    );
    kernel.bus.subscribe<EngineEvent>('*', (e) => {
      const now = performance.now();
      if (e.type === 'BarClosed') {
        barSeen.set(e.bar.instrumentId, now);
        if (!modelVoted) return;
        progress(++bars);
        if (bars < o.bars) return;
        clearTimeout(timer);
        resolve({
          bars,
          orders: toAccepted.count,
          decisionsWithModel,
          barToDecision: percentiles(toDecision),
          barToOrderSubmitted: percentiles(toSubmitted),
          barToOrderAccepted: percentiles(toAccepted),
          submittedToAccepted: percentiles(venueAccepts),
        });
      } else if (e.type === 'DecisionMade') {
        const withModel = e.decision.votes.some((v) => v.agentId.startsWith('model.'));
        if (withModel && !modelVoted) return void (modelVoted = true);
        if (!modelVoted) return;
        if (withModel) decisionsWithModel++;
        const seen = barSeen.get(e.decision.instrumentId);
        if (seen !== undefined) toDecision.add(now - seen);
      } else if (e.type === 'OrderSubmitted' && modelVoted) {
        submitted.set(e.order.clientOrderId, { instrumentId: e.order.instrumentId, at: now });
        const seen = barSeen.get(e.order.instrumentId);
        if (seen !== undefined) toSubmitted.add(now - seen);
      } else if (e.type === 'OrderAccepted') {
        const order = submitted.get(e.clientOrderId);
        const seen = order && barSeen.get(order.instrumentId);
        if (!order || seen === undefined) return;
        toAccepted.add(now - seen);
        venueAccepts.add(now - order.at);
      }
    });
  });
}

/**
 * One row of the default model, engine → inference process → engine, back to back (after 200 to warm
 * up); beside it, the model's run as the inference process timed it, and the rest of each call (the
 * transport: frames, serialization, validation, the two processes waking).
 */
async function measureRoundTrip(kernel: Kernel, calls: number) {
  const model = kernel.models.list().find((m) => m.status === 'active');
  if (!model) throw new Error('no active model to call');
  const checked = checkModelFile(new Uint8Array(readFileSync(kernel.models.pathOf(model))));
  if (!checked.ok) throw new Error(checked.error);
  const data = Array.from({ length: checked.value.rowShape.reduce((a, b) => a * b, 1) }, (_, i) => 0.01 * i);
  for (let i = 0; i < 200; i++) await kernel.inference.api.predict({ modelId: model.id, rows: 1, data });
  const samples = new LatencyStats(calls);
  const modelRun = new LatencyStats(calls);
  const transport = new LatencyStats(calls);
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const { ms } = await kernel.inference.api.predict({ modelId: model.id, rows: 1, data });
    const total = performance.now() - t0;
    samples.add(total);
    modelRun.add(ms);
    transport.add(total - ms);
  }
  return { model: model.id, calls, ...percentiles(samples), modelRun: percentiles(modelRun), transport: percentiles(transport) };
}
