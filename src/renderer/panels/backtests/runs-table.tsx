import type { BacktestRun } from '../../../shared/contracts/backtests.contract.ts';
import { HeaderRow } from '../../components/header-row.tsx';
import { useBacktests } from '../../state/backtest-store.ts';

/** The recorded runs with their progress; a checkbox puts a run in the comparison (six at most). */
export function RunsTable({ runs, selected }: { runs: BacktestRun[]; selected: number[] }) {
  const toggle = (id: number) =>
    useBacktests.getState().patch({ selected: selected.includes(id) ? selected.filter((x) => x !== id) : [id, ...selected].slice(0, 6) });
  return (
    <table className="backtest-runs" data-testid="backtest-runs">
      <thead>
        <HeaderRow columns={['compare', 'run', 'kind', 'progress', 'data']} />
      </thead>
      <tbody>
        {runs.length === 0 && (
          <tr>
            <td colSpan={5} className="muted">
              No runs yet. Runs started here or with quorum sweep are listed with their progress.
            </td>
          </tr>
        )}
        {runs.map((r) => (
          <tr key={r.id} data-run={r.id} data-status={r.status}>
            <td>
              <input type="checkbox" aria-label={`Compare run ${r.id}`} checked={selected.includes(r.id)} onChange={() => toggle(r.id)} />
            </td>
            <td>#{r.id}</td>
            <td>{r.kind}</td>
            <td>
              <div
                className={`usage-bar ${r.status === 'failed' || r.status === 'interrupted' ? 'over' : ''}`}
                title={`${r.done}/${r.total} jobs${r.failed ? `, ${r.failed} failed` : ''}`}
              >
                <div style={{ width: `${(100 * r.done) / Math.max(1, r.total)}%` }} />
              </div>
              <span className="muted">{r.status === 'running' ? `${r.done}/${r.total}` : r.status}</span>
            </td>
            <td className="muted">
              {r.label}
              {r.decisionsKept && (
                <span className="badge" title={`export them with quorum runs show ${r.id} --decisions FILE.csv (or .jsonl)`}>
                  decisions kept
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
