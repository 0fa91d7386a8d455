import { useState } from 'react';
import type { ConsensusSnapshot } from '../../shared/contracts/consensus.contract.ts';
import type { Decision } from '../../shared/domain/signals.ts';
import { HeaderRow } from '../components/header-row.tsx';
import { useApi } from '../components/api-context.ts';
import { agentLabel, formatCloseTime, formatPercent, formatWeight } from '../components/format.ts';
import { EmptyState, Panel } from '../components/panel.tsx';
import { useConsensus } from '../state/consensus-store.ts';

const signed = (x: number, digits = 2) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;

function DecisionCard({ decision, target }: { decision: Decision; target: number | undefined }) {
  return (
    <div className="consensus-decision" data-instrument={decision.instrumentId} data-action={decision.action}>
      <div className="consensus-head">
        <strong>{decision.instrumentId}</strong>
        <span className={`badge action-${decision.action}`}>{decision.action.toUpperCase()}</span>
        <span title="weighted score: Σ weight × direction × confidence / Σ weight">score {signed(decision.score)}</span>
        <span title="the optimizer's target weight">target {formatWeight(target)}</span>
        <span className="muted">{formatCloseTime(decision.ts, true)}</span>
      </div>
      {decision.vetoedBy && <div className="consensus-veto">vetoed: {decision.vetoedBy}</div>}
      {decision.holdReason && <div className="muted">{decision.holdReason}</div>}
      <table className="consensus-votes">
        <thead>
          <HeaderRow columns={['agent', 'direction', 'confidence', 'weight']} />
        </thead>
        <tbody>
          {decision.votes.map((v) => (
            <tr key={v.agentId} className={v.signal ? '' : 'missing'}>
              <td>{agentLabel(v.agentId)}</td>
              {v.signal ? (
                <>
                  <td className={v.signal.direction >= 0 ? 'up' : 'down'}>{signed(v.signal.direction)}</td>
                  <td>{formatPercent(v.signal.confidence, 0)}</td>
                </>
              ) : (
                <td colSpan={2} title={v.missingReason}>
                  missing
                </td>
              )}
              <td>{v.weight.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An agent's label whose hyphens do not break a line ("model quorum-default" wraps only at the space). */
const unbrokenLabel = (agentId: string) => agentLabel(agentId).replaceAll('-', '\u2011');

function AgreementMatrix({ snapshot }: { snapshot: ConsensusSnapshot }) {
  const { agents, agreement, together } = snapshot.agreement;
  if (agents.length < 2) return null;
  return (
    <table className="agreement-matrix" aria-label="Agreement between agents">
      <caption>how often agents point the same way</caption>
      <thead>
        <tr>
          <th />
          {agents.map((a) => (
            <th key={a} title={a}>
              {unbrokenLabel(a)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {agents.map((a, i) => (
          <tr key={a}>
            <th title={a}>{unbrokenLabel(a)}</th>
            {agents.map((b, j) => {
              const x = agreement[i]![j]!;
              return (
                <td
                  key={b}
                  title={i === j ? '' : `${together[i]![j]} cycles together`}
                  style={{ background: x === null || i === j ? undefined : `rgba(79,156,249,${(x * 0.6).toFixed(2)})` }}
                >
                  {i === j ? '·' : formatPercent(x, 0)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The decision card per instrument: every agent's vote, weight and confidence, missing votes, the veto; the agreement matrix. */
export function ConsensusPanel() {
  const api = useApi();
  const { snapshot, error } = useConsensus();
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    setBusy(true);
    try {
      // The consensus view comes back with the new setting (AgentsTradingChanged changes it).
      await api.consensus.setAgentsTrade({ enabled: !snapshot?.agentsTrade });
    } finally {
      setBusy(false);
    }
  };
  const actions = snapshot && (
    <button
      type="button"
      className={snapshot.agentsTrade ? 'danger' : ''}
      disabled={busy}
      onClick={() => void toggle()}
      title="Whether the optimizer's targets become orders (every order still passes the risk manager)"
    >
      {snapshot.agentsTrade ? 'Agents trade: on' : 'Agents trade: off'}
    </button>
  );
  return (
    <Panel title="Consensus" id="consensus" area="consensus" actions={actions}>
      {error && <p className="note error">{error}</p>}
      {!snapshot?.latest.length ? (
        <EmptyState>
          No decisions yet. The latest decision per instrument will show every agent's vote, weight and confidence, missing votes and any
          risk veto.
        </EmptyState>
      ) : (
        <div className="consensus-body">
          {snapshot.latest.map((d) => (
            <DecisionCard key={d.instrumentId} decision={d} target={snapshot.targets[d.instrumentId]} />
          ))}
          <AgreementMatrix snapshot={snapshot} />
        </div>
      )}
    </Panel>
  );
}
