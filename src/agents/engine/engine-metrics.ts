import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineEvent } from '../../shared/messages/events.ts';
import type { Kernel } from './kernel.ts';
import { EVENT_LOOP_RESOLUTION_MS, EventLoopLag, summarizeMetrics, type MetricJson, type MetricsReader } from './metrics-summary.ts';

/** Seconds, from a tenth of a millisecond to ten seconds. */
const LATENCY_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
const ORDER_STATUS: Partial<Record<EngineEvent['type'], string>> = {
  OrderSubmitted: 'submitted',
  OrderAccepted: 'accepted',
  OrderRejected: 'rejected',
  OrderCanceled: 'canceled',
  OrderExpired: 'expired',
};

/**
 * The engine's Prometheus metrics (prom-client): what it trades and how fast it decides, counted
 * from the bus as events pass, plus Node's own (event-loop lag, heap, GC) under `quorum_engine_`.
 * The host serves them on its metrics port beside its own (process restarts).
 */
export function engineMetrics(
  kernel: Pick<Kernel, 'bus' | 'clock' | 'journalAppendObservers' | 'modelAnalyst' | 'tradingState'>,
): Registry {
  const register = new Registry();
  collectDefaultMetrics({ register, prefix: 'quorum_engine_', eventLoopMonitoringPrecision: EVENT_LOOP_RESOLUTION_MS });
  const counter = <L extends string>(name: string, help: string, label: L) =>
    new Counter<L>({ name, help, labelNames: [label], registers: [register] });
  const bars = counter('quorum_bars_total', 'Bars closed, by instrument', 'instrument');
  const decisions = counter('quorum_decisions_total', 'Consensus decisions, by action', 'action');
  const orders = counter('quorum_orders_total', 'Order life-cycle events, by status', 'status');
  const denials = counter('quorum_order_denials_total', 'Orders the pre-trade gate refused, by reason', 'reason');
  const fills = counter('quorum_fills_total', 'Fills, by instrument', 'instrument');
  const alerts = counter('quorum_alerts_total', 'Alerts raised, by code', 'code');
  const decisionLatency = new Histogram({
    name: 'quorum_decision_latency_seconds',
    help: "From a bar's close reaching the engine to the consensus decision on it",
    buckets: LATENCY_BUCKETS,
    registers: [register],
  });
  const inferenceLatency = new Histogram({
    name: 'quorum_inference_latency_seconds',
    help: 'Model inference round trips (engine → inference process → engine), by model',
    labelNames: ['model'],
    buckets: LATENCY_BUCKETS,
    registers: [register],
  });
  const journalAppend = new Histogram({
    name: 'quorum_journal_append_seconds',
    help: 'Appending one event to the hash-chained journal',
    buckets: LATENCY_BUCKETS,
    registers: [register],
  });
  new Gauge({
    name: 'quorum_trading_state',
    help: 'The trading state: 1 for the current one (ACTIVE, REDUCING, HALTED)',
    labelNames: ['state'],
    registers: [register],
    collect() {
      for (const state of ['ACTIVE', 'REDUCING', 'HALTED']) this.set({ state }, kernel.tradingState.current.state === state ? 1 : 0);
    },
  });

  const barSeen = new Map<string, number>();
  kernel.bus.subscribe<EngineEvent>('*', (e) => {
    const status = ORDER_STATUS[e.type];
    if (status) orders.inc({ status });
    if (e.type === 'BarClosed') {
      bars.inc({ instrument: e.bar.instrumentId });
      barSeen.set(e.bar.instrumentId, kernel.clock.monotonic());
    } else if (e.type === 'DecisionMade') {
      decisions.inc({ action: e.decision.action });
      const seen = barSeen.get(e.decision.instrumentId);
      if (seen !== undefined) decisionLatency.observe((kernel.clock.monotonic() - seen) / 1000);
    } else if (e.type === 'OrderFilled') {
      orders.inc({ status: e.leavesQuantity > 0 ? 'partially_filled' : 'filled' });
      fills.inc({ instrument: e.fill.instrumentId });
    } else if (e.type === 'OrderDenied') denials.inc({ reason: e.reasonCode });
    else if (e.type === 'AlertRaised') alerts.inc({ code: e.code });
  });
  kernel.journalAppendObservers.push((ms) => journalAppend.observe(ms / 1000));
  kernel.modelAnalyst.latencyObservers.push((model, ms) => inferenceLatency.observe({ model }, ms / 1000));
  return register;
}

/**
 * The engine's own metrics (`quorum_`, not Node's `quorum_engine_`: reading those would reset the
 * event-loop histogram a Prometheus scrape reads) summarised for the Health panel, with the event-loop
 * lag from a monitor of its own.
 */
export function metricsReader(registry: Registry): MetricsReader {
  const lag = new EventLoopLag();
  return {
    async summary(since) {
      const names = registry
        .getMetricsAsArray()
        .map((m) => m.name)
        .filter((name) => name.startsWith('quorum_') && !name.startsWith('quorum_engine_'));
      const metrics = await Promise.all(names.map((name) => registry.getSingleMetric(name)!.get()));
      return summarizeMetrics(metrics as unknown as MetricJson[], lag.read(), since);
    },
  };
}
