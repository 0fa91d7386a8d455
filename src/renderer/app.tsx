import { TopBar } from './components/top-bar.tsx';
import { AlertBanner } from './components/alert-banner.tsx';
import { DecisionCard } from './components/decision-card.tsx';
import { AuditPanel } from './panels/audit-panel.tsx';
import { ChartPanel } from './panels/chart-panel.tsx';
import { HealthPanel } from './panels/health-panel.tsx';
import { ModelsPanel } from './panels/models-panel.tsx';
import { ConsensusPanel } from './panels/consensus-panel.tsx';
import { SignalsPanel } from './panels/signals-panel.tsx';
import { RiskPanel } from './panels/risk-panel.tsx';
import { BlotterPanel } from './panels/blotter/blotter-panel.tsx';
import { LadderPanel } from './panels/ladder-panel.tsx';
import { TapePanel } from './panels/tape-panel.tsx';
import { SessionPanel } from './panels/session-panel.tsx';
import { BacktestView } from './panels/backtests/backtest-view.tsx';

/** The workstation: the panels of DESIGN.md §7 under an always-visible top bar. */
export function App() {
  return (
    <div className="app">
      <TopBar />
      <AlertBanner />
      <main className="workspace">
        <ChartPanel />
        <LadderPanel />
        <TapePanel />
        <ConsensusPanel />
        <SignalsPanel />
        <BlotterPanel />
        <RiskPanel />
        <HealthPanel />
        <ModelsPanel />
        <AuditPanel />
        <SessionPanel />
      </main>
      <DecisionCard />
      <BacktestView />
    </div>
  );
}
