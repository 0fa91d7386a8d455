import { useState } from 'react';
import { useApi } from '../components/api-context.ts';
import { useOperations } from '../state/operations-store.ts';
import { formatTime } from '../components/format.ts';
import { EmptyState } from '../components/panel.tsx';

/**
 * The agents' memory: per agent what it keeps, checkpoint now, the checkpoints kept (restore one),
 * and a wipe back to its initial state (asked twice). Everything is off while the agents trade.
 */
export function AgentsMemory() {
  const api = useApi();
  const listing = useOperations((s) => s.memory);
  const error = useOperations((s) => s.errors.memory);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [wiping, setWiping] = useState<string | null>(null);

  const act = async (what: () => Promise<string>) => {
    try {
      setOutcome({ ok: true, text: await what() });
    } catch (err) {
      setOutcome({ ok: false, text: (err as Error).message.replace(/^agents\.\w+: /, '') });
    }
    setWiping(null);
  };

  if (!listing)
    return error ? <p className="problem">{error}</p> : <EmptyState>Reading which agents keep memory, and their checkpoints…</EmptyState>;
  const off = listing.trading;
  return (
    <div className="agents-memory" data-testid="agents-memory">
      {off && <p className="note">The agents are trading: turn their trading off (consensus panel) to change their memory.</p>}
      {listing.agents.map((a) => (
        <div key={a.agentId} className="memory-agent" data-agent={a.agentId}>
          <div className="memory-head">
            <strong>{a.agentId}</strong>
            <span className="spacer" />
            <button
              className="btn btn-small"
              disabled={off}
              data-testid={`checkpoint-${a.agentId}`}
              onClick={() =>
                void act(async () => {
                  const c = await api.agents.checkpoint({ agentId: a.agentId });
                  return `${a.agentId}: checkpoint ${c.id} saved`;
                })
              }
            >
              Checkpoint
            </button>
            {wiping === a.agentId ? (
              <>
                <button
                  className="btn btn-small btn-danger"
                  data-testid={`confirm-reset-${a.agentId}`}
                  onClick={() => void act(async () => (await api.agents.reset({ agentId: a.agentId })).message)}
                >
                  Wipe it
                </button>
                <button className="btn btn-small" onClick={() => setWiping(null)}>
                  Keep
                </button>
              </>
            ) : (
              <button className="btn btn-small" disabled={off} data-testid={`reset-${a.agentId}`} onClick={() => setWiping(a.agentId)}>
                Wipe…
              </button>
            )}
          </div>
          <p className="note">{a.what}</p>
          {a.checkpoints.length === 0 ? (
            <p className="note">No checkpoint yet.</p>
          ) : (
            <table className="grid-table">
              <tbody>
                {a.checkpoints.map((c) => (
                  <tr key={c.id} data-checkpoint={c.id}>
                    <td>#{c.id}</td>
                    <td>{formatTime(c.savedAt)}</td>
                    <td title={`sha256 ${c.stateHash}`}>{c.stateHash.slice(0, 10)}…</td>
                    <td>{(c.bytes / 1024).toFixed(1)} KB</td>
                    <td>
                      <button
                        className="btn btn-small"
                        disabled={off}
                        data-testid={`restore-${a.agentId}-${c.id}`}
                        onClick={() => void act(async () => (await api.agents.restore({ agentId: a.agentId, checkpointId: c.id })).message)}
                      >
                        Restore
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
      {outcome && (
        <p className={outcome.ok ? 'note' : 'problem'} data-testid="memory-outcome">
          {outcome.text}
        </p>
      )}
    </div>
  );
}
