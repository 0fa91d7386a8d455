import { useApi } from './api-context.ts';
import { formatTime } from './format.ts';
import { useTrace } from '../state/trace-store.ts';
import type { EngineApi } from '../state/engine-sync.ts';
import { tracePhase, type Trace } from '../../shared/contracts/trace.contract.ts';

/** Opens the decision card of an order or a fill. */
export async function openTrace(api: EngineApi, ref: { clientOrderId: string } | { fillId: string }): Promise<void> {
  try {
    const trace = 'fillId' in ref ? await api.trace.fill(ref) : await api.trace.order(ref);
    useTrace.getState().patch({ trace, problem: null });
  } catch (err) {
    useTrace.getState().patch({ trace: null, problem: (err as Error).message });
  }
}

type Validation = NonNullable<Trace['validation']>;

const VERDICT: Record<Validation['verdict'], string> = {
  right: 'the market moved the way the decision said',
  wrong: 'the market moved against the decision',
  flat: 'the market did not move',
  pending: 'not yet: the horizon has not passed',
  held: 'the decision held (its order was a rebalance)',
};

function describeValidation(v: Validation): string {
  const horizon = v.horizonMs >= 86_400_000 ? `${(v.horizonMs / 86_400_000).toFixed(0)} d` : `${(v.horizonMs / 1000).toFixed(0)} s`;
  const move =
    v.movePercent === null
      ? `close then: not recorded yet`
      : `${v.decisionPrice!.toFixed(2)} → ${v.priceAfter!.toFixed(2)} (${v.movePercent >= 0 ? '+' : ''}${v.movePercent.toFixed(2)} %)`;
  const slip =
    v.slippageBps === null
      ? 'nothing filled'
      : `filled ${v.slippageBps >= 0 ? `${v.slippageBps.toFixed(1)} bp worse` : `${(-v.slippageBps).toFixed(1)} bp better`} than the decision price`;
  return `after the signals' horizon (${horizon}): ${move}; ${slip}`;
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
                <span className={`trace-phase phase-${tracePhase(s.type).split(' ')[0]}`}>{tracePhase(s.type)}</span>{' '}
                <span className="trace-time">{formatTime(s.ts)}</span> <b>{s.type}</b> <span className="note">{s.source}</span>
                <div>{s.summary}</div>
              </li>
            ))}
            {trace.validation && (
              <li data-type="validate" data-verdict={trace.validation.verdict}>
                <span className="trace-phase phase-validate">validate</span> <b>{VERDICT[trace.validation.verdict]}</b>
                <div data-testid="validation">{describeValidation(trace.validation)}</div>
              </li>
            )}
          </ol>
        </div>
      )}
    </aside>
  );
}
