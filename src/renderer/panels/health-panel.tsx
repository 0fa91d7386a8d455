import { useState } from 'react';
import { AgentsMemory } from './agents-memory.tsx';
import { EngineMetrics } from './engine-metrics.tsx';
import { Tabs } from '../components/tabs.tsx';
import { HeaderRow } from '../components/header-row.tsx';
import { Panel, EmptyState } from '../components/panel.tsx';
import { formatAge, formatTime } from '../components/format.ts';
import { useSession } from '../state/session-store.ts';

/** The processes' health, and beside it (tabs) the engine's metrics and the agents' memory. */
export function HealthPanel() {
  const [tab, setTab] = useState<'Processes' | 'Metrics' | 'Agents'>('Processes');
  const tabs = <Tabs tabs={['Processes', 'Metrics', 'Agents'] as const} current={tab} onChange={setTab} />;
  return (
    <Panel title="Health" id="health" area="health" actions={tabs}>
      {tab === 'Agents' ? <AgentsMemory /> : tab === 'Metrics' ? <EngineMetrics /> : <ProcessHealth />}
    </Panel>
  );
}

/** Supervised processes as the host reports them: state, pid, heartbeat age, restarts. */
function ProcessHealth() {
  const host = useSession((s) => s.host);
  const inference = useSession((s) => s.inference);
  return (
    <>
      {!host ? (
        <EmptyState>Waiting for the host to report the engine and inference processes.</EmptyState>
      ) : (
        <table className="grid-table health-table" data-testid="health-table">
          <thead>
            <HeaderRow columns={['process', 'state', 'pid', 'heartbeat', 'restarts', 'since']} />
          </thead>
          <tbody>
            {host.processes.map((p) => (
              <tr
                key={p.name}
                data-process={p.name}
                data-state={p.state}
                data-pid={p.pid ?? ''}
                data-generation={p.generation}
                title={p.lastExit ?? ''}
              >
                <td title={`pid ${p.pid ?? '—'} · since ${formatTime(p.since)}`}>{p.name}</td>
                <td className={`proc-${p.state}`}>{p.state}</td>
                <td>{p.pid ?? '—'}</td>
                <td>{formatAge(p.heartbeatAgeMs)}</td>
                <td data-testid={`restarts-${p.name}`}>{p.restarts}</td>
                <td>{formatTime(p.since)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {inference && (
        <p className="note" data-testid="inference-health">
          engine → inference round trip:{' '}
          {inference.state === 'connected'
            ? `${(inference.roundTripMs ?? 0).toFixed(2)} ms`
            : `unavailable (${inference.error ?? 'no answer'})`}
        </p>
      )}
      {host?.processes.some((p) => p.lastExit) && (
        <p className="note">
          last exit:{' '}
          {host.processes
            .filter((p) => p.lastExit)
            .map((p) => `${p.name} ${p.lastExit}`)
            .join('; ')}
        </p>
      )}
    </>
  );
}
