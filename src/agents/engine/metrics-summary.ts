import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { MetricsSummary } from '../../shared/contracts/system.contract.ts';

/** prom-client's event-loop monitor samples every this many ms; each delay it records includes it. */
export const EVENT_LOOP_RESOLUTION_MS = 10;

/** One metric as prom-client's `get()` gives it at run time (its typings say an enum for `type`). */
export interface MetricJson {
  name: string;
  help: string;
  type: string;
  values: { value: number; labels: Record<string, string | number>; metricName?: string }[];
}

/**
 * The q-quantile of a Prometheus histogram from its cumulative buckets, interpolated linearly inside
 * the bucket where it falls (Prometheus's `histogram_quantile`); the highest finite bound when it
 * falls in +Inf; null without observations.
 */
export function histogramQuantile(q: number, buckets: readonly { le: number; count: number }[]): number | null {
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (!Number.isFinite(b.le)) return lower;
      return b.count === below ? b.le : lower + ((b.le - lower) * (rank - below)) / (b.count - below);
    }
    lower = b.le;
    below = b.count;
  }
  return lower;
}

/** The engine's metrics as the Health panel reads them (`metricsReader` in engine-metrics.ts). */
export interface MetricsReader {
  summary(since: number): Promise<MetricsSummary>;
}

/**
 * How late the event loop runs its timers, from a monitor of its own (prom-client's is reset by each
 * Prometheus scrape): percentiles over the time since the last read.
 */
export class EventLoopLag {
  private readonly monitor = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });

  constructor() {
    this.monitor.enable();
  }

  /** p50, p99 and max since the last read (the monitor's resolution taken off), or null before any sample. */
  read(): MetricsSummary['eventLoopLagMs'] {
    const m = this.monitor;
    const lag = m.count > 0 ? { p50: lagMs(m.percentile(50)), p99: lagMs(m.percentile(99)), max: lagMs(m.max) } : null;
    m.reset();
    return lag;
  }
}

/** The engine's own metrics (prom-client's JSON of them) summarised: counters' totals by label, latency percentiles. */
export function summarizeMetrics(
  metrics: readonly MetricJson[],
  eventLoopLagMs: MetricsSummary['eventLoopLagMs'],
  since: number,
): MetricsSummary {
  return {
    since,
    counters: metrics.filter((m) => m.type === 'counter').map(counterSummary),
    latencies: metrics.filter((m) => m.type === 'histogram').flatMap(latencySummaries),
    eventLoopLagMs,
  };
}

/** A recorded delay (ns) less the monitor's resolution, in ms. */
const lagMs = (ns: number) => Math.max(0, ns / 1e6 - EVENT_LOOP_RESOLUTION_MS);

function counterSummary(m: MetricJson): MetricsSummary['counters'][number] {
  const byLabel = m.values
    .map((v) => ({ label: Object.values(v.labels).join(' ') || 'all', value: v.value }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  return { name: m.name, help: m.help, total: byLabel.reduce((sum, v) => sum + v.value, 0), byLabel };
}

/** One row per label set (inference: per model); the `le` label makes the buckets. */
function latencySummaries(m: MetricJson): MetricsSummary['latencies'] {
  const series = new Map<string, { le: number; count: number }[]>();
  for (const v of m.values) {
    if (v.metricName !== `${m.name}_bucket`) continue;
    const { le, ...rest } = v.labels;
    const key = Object.values(rest).join(' ');
    const buckets = series.get(key) ?? [];
    buckets.push({ le: le === '+Inf' ? Infinity : Number(le), count: v.value });
    series.set(key, buckets);
  }
  return [...series].map(([label, buckets]) => {
    buckets.sort((a, b) => a.le - b.le);
    const ms = (q: number) => {
      const s = histogramQuantile(q, buckets);
      return s === null ? null : s * 1000;
    };
    return { name: m.name, help: m.help, label: label || null, count: buckets.at(-1)?.count ?? 0, p50Ms: ms(0.5), p99Ms: ms(0.99) };
  });
}
