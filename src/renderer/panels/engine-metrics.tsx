import type { ViewData } from '../../shared/contracts/views.ts';
import { EmptyState } from '../components/panel.tsx';
import { HeaderRow } from '../components/header-row.tsx';
import { formatTime } from '../components/format.ts';
import { useOperations } from '../state/operations-store.ts';

type Metrics = NonNullable<ViewData<'metrics'>>;

/** `quorum_order_denials_total` → "order denials"; `quorum_decision_latency_seconds` → "decision". */
const metricLabel = (name: string) =>
  name
    .replace(/^quorum_/, '')
    .replace(/(_latency)?_(total|seconds)$/, '')
    .replace(/_/g, ' ');

/** Milliseconds to about three significant digits, "—" when there is no figure. */
const ms = (x: number | null) => (x === null ? '—' : x < 10 ? `${x.toFixed(2)} ms` : `${x.toFixed(x < 100 ? 1 : 0)} ms`);

/**
 * What `quorum serve --metrics-port` serves to Prometheus, read here for the trader: what the engine
 * counted since it started (by label), how long decisions, inference round trips and journal appends
 * take, and how late its event loop ran. Pushed by the engine every 5 s.
 */
export function EngineMetrics() {
  const metrics = useOperations((s) => s.metrics);
  const error = useOperations((s) => s.errors.metrics);
  if (error) return <EmptyState>The engine's metrics could not be read: {error}</EmptyState>;
  if (!metrics)
    return <EmptyState>The engine's counters, latencies and event-loop lag appear here once it reports them (every 5 s).</EmptyState>;
  return (
    <div data-testid="engine-metrics">
      <p className="note">
        counted since {formatTime(metrics.since)} (the engine's start) · event-loop lag over the last 5 s:{' '}
        <span data-testid="event-loop-lag">
          {metrics.eventLoopLagMs
            ? `p50 ${ms(metrics.eventLoopLagMs.p50)}, p99 ${ms(metrics.eventLoopLagMs.p99)}, max ${ms(metrics.eventLoopLagMs.max)}`
            : 'no sample yet'}
        </span>
      </p>
      <Latencies latencies={metrics.latencies} />
      <Counters counters={metrics.counters} />
    </div>
  );
}

function Latencies({ latencies }: { latencies: Metrics['latencies'] }) {
  return (
    <table className="grid-table metrics-table" data-testid="metrics-latencies">
      <thead>
        <HeaderRow columns={['latency', 'count', 'p50', 'p99']} />
      </thead>
      <tbody>
        {latencies.map((l) => (
          <tr key={`${l.name} ${l.label ?? ''}`} data-metric={l.name} title={l.help}>
            <td>
              {metricLabel(l.name)}
              {l.label ? ` · ${l.label}` : ''}
            </td>
            <td>{l.count}</td>
            <td>{ms(l.p50Ms)}</td>
            <td>{ms(l.p99Ms)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each counter's total and its largest parts (all of them in the row's tooltip). */
function Counters({ counters }: { counters: Metrics['counters'] }) {
  const parts = (byLabel: Metrics['counters'][number]['byLabel']) => byLabel.map((p) => `${p.label} ${p.value}`).join(' · ');
  return (
    <table className="grid-table metrics-table" data-testid="metrics-counters">
      <thead>
        <HeaderRow columns={['counted', 'total', 'by']} />
      </thead>
      <tbody>
        {counters.map((c) => (
          <tr key={c.name} data-metric={c.name} title={`${c.help}: ${parts(c.byLabel) || 'none yet'}`}>
            <td>{metricLabel(c.name)}</td>
            <td data-testid={`metric-total-${metricLabel(c.name).replace(/ /g, '-')}`}>{c.total}</td>
            <td className="metrics-parts">{c.byLabel.length > 4 ? `${parts(c.byLabel.slice(0, 4))} · …` : parts(c.byLabel)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
