import { EmptyState, Panel } from '../components/panel.tsx';
import { useSession } from '../state/session-store.ts';

/** Panels whose agents are not running yet: each says what will appear in it. */
export function SignalsPanel() {
  return (
    <Panel title="Signals" id="signals" area="signals">
      <EmptyState>
        No signals yet. Each analyst signal will stream here: agent, instrument, direction, confidence and the rationale behind it.
      </EmptyState>
    </Panel>
  );
}

export function ConsensusPanel() {
  return (
    <Panel title="Consensus" id="consensus" area="consensus">
      <EmptyState>
        No decisions yet. The latest decision per instrument will show every agent's vote, weight and confidence, missing votes and any risk
        veto.
      </EmptyState>
    </Panel>
  );
}

export function RiskPanel() {
  const trading = useSession((s) => s.trading);
  return (
    <Panel title="Risk" id="risk" area="risk">
      <p className="note">
        Trading state: <b className={`state-text-${trading?.state ?? 'unknown'}`}>{trading?.state ?? '—'}</b>
        {trading && <span> — {trading.reason}</span>}
      </p>
      <EmptyState>Risk limits and their current usage will appear here once the risk manager's pre-trade checks are running.</EmptyState>
    </Panel>
  );
}
