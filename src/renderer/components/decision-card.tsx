import { useApi } from './api-context.ts';
import { formatTime } from './format.ts';
import { useTrace } from '../state/trace-store.ts';
import type { EngineApi } from '../state/engine-sync.ts';

/** Opens the decision card of an order or a fill. */
export async function openTrace(api: EngineApi, ref: { clientOrderId: string } | { fillId: string }): Promise<void> {
  try {
    const trace = 'fillId' in ref ? await api.trace.fill(ref) : await api.trace.order(ref);
    useTrace.getState().patch({ trace, problem: null });
  } catch (err) {
    useTrace.getState().patch({ trace: null, problem: (err as Error).message });
  }
}

/** A drawer with the chain from an order (or fill) back to its algorithm and decision. */
export function DecisionCard() {
  useApi();
  const { trace, problem } = useTrace();
  if (!trace && !problem) return null;
  const close = () => useTrace.getState().patch({ trace: null, problem: null });
  return (
    <aside className="drawer" data-testid="decision-card" role="dialog" aria-label="Decision card">
      <header className="panel-head">
        <h2>Decision card</h2>
        <button className="btn btn-small" onClick={close}>
          close
        </button>
      </header>
      {problem && <p className="problem">{problem}</p>}
      {trace && (
        <div className="panel-body">
          <dl className="kv">
            <div>
              <dt>order</dt>
              <dd className="mono">{trace.clientOrderId}</dd>
            </div>
            <div>
              <dt>algorithm</dt>
              <dd className="mono">{trace.parentId ?? '— (a single order)'}</dd>
            </div>
            <div>
              <dt>decision</dt>
              <dd>{trace.decisionId ?? 'none: placed by the trader or an algorithm, not by a consensus decision'}</dd>
            </div>
          </dl>
          <ol className="trace">
            {trace.steps.map((s) => (
              <li key={s.seq} data-type={s.type}>
                <span className="trace-time">{formatTime(s.ts)}</span> <b>{s.type}</b> <span className="note">{s.source}</span>
                <div>{s.summary}</div>
              </li>
            ))}
          </ol>
        </div>
      )}
    </aside>
  );
}
