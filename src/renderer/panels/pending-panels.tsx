import { EmptyState, Panel } from '../components/panel.tsx';

/** Panels whose agents are not running yet: each says what will appear in it. */
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
