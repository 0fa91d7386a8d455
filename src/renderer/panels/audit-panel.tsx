import { HeaderRow } from '../components/header-row.tsx';
import { EmptyState, Panel } from '../components/panel.tsx';
import { formatTime } from '../components/format.ts';
import { useSession } from '../state/session-store.ts';

/** The newest rows of the hash-chained journal. */
export function AuditPanel() {
  const journal = useSession((s) => s.journal);
  return (
    <Panel title="Audit log" id="audit" area="audit">
      {journal.length === 0 ? (
        <EmptyState>Journal rows (decisions, orders, fills, state changes) will appear here with their hashes.</EmptyState>
      ) : (
        <table className="grid-table audit-table" data-testid="audit-table">
          <thead>
            <HeaderRow columns={['seq', 'time', 'type', 'source', 'hash']} />
          </thead>
          <tbody>
            {journal.map((r) => (
              <tr key={r.seq} title={`hash ${r.hash}`}>
                <td>{r.seq}</td>
                <td>{formatTime(r.tsEvent)}</td>
                <td>{r.type}</td>
                <td>{r.source}</td>
                <td className="mono" title={r.hash}>
                  {r.hash.slice(0, 8)}…
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
