import { create } from 'zustand';
import type { PortfolioSnapshotView } from '../../shared/contracts/portfolio.contract.ts';
import type { Alert, LimitUsage } from '../../shared/contracts/risk.contract.ts';
import type { RiskLimits } from '../../shared/domain/risk.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import { describeOrderProblem } from './orders-store.ts';
import type { StoreFeed } from './store-feed.ts';

export interface RiskState {
  limits: RiskLimits | null;
  usage: LimitUsage[];
  alerts: Alert[];
  portfolio: PortfolioSnapshotView | null;
  portfolioVar:
    { var: number; es: number; varMoney: number; esMoney: number; n: number; level: number; barMs: number } | { reason: string } | null;
  /** The alert shown across the top until dismissed. */
  banner: Alert | null;
  patch(p: Partial<Omit<RiskState, 'patch'>>): void;
}

export const useRisk = create<RiskState>((set) => ({
  limits: null,
  usage: [],
  alerts: [],
  portfolio: null,
  portfolioVar: null,
  banner: null,
  patch: (p) => set(p),
}));

const showBanner = (banner: Alert | undefined) => {
  if (banner) useRisk.getState().patch({ banner });
};

/** Said where the trader looks, with the numbers that failed. */
const orderProblemBanner = (e: EventOf<'OrderDenied'> | EventOf<'OrderRejected'>): Alert => ({
  seq: 0,
  ts: e.tsEvent,
  severity: 'warning',
  code: e.type,
  message: describeOrderProblem(e),
});

/** Limits, usage, alerts, the portfolio and its VaR as the engine pushes them; the banner from the events. */
export const riskFeed: StoreFeed = {
  events: {
    OrderDenied: (events) => showBanner(events.map(orderProblemBanner).at(-1)),
    OrderRejected: (events) => showBanner(events.map(orderProblemBanner).at(-1)),
    AlertRaised: (events) => {
      const shown = events.filter((e) => e.severity !== 'info' || e.code.startsWith('KILL_SWITCH'));
      showBanner(shown.map((e) => ({ seq: 0, ts: e.tsEvent, severity: e.severity, code: e.code, message: e.message })).at(-1));
      for (const e of events) if (e.severity !== 'info') notifyDesktop(e.severity, e.message);
    },
  },
  views: { risk: { apply: (risk) => useRisk.getState().patch(risk) } },
};

/**
 * A desktop notification: in the Electron app for critical alerts; under `quorum serve` for warnings
 * and critical ones once the trader allowed this browser to show them (the alert list's "Notify me").
 */
function notifyDesktop(severity: 'warning' | 'critical', message: string): void {
  if (typeof Notification === 'undefined') return;
  const desktop = Boolean((window as unknown as { quorum?: unknown }).quorum);
  if (desktop ? severity !== 'critical' : Notification.permission !== 'granted') return;
  try {
    new Notification(severity === 'critical' ? 'Quorum — critical' : 'Quorum', { body: message });
  } catch {
    // A notification that cannot be shown must never break the event flow; the banner still shows.
  }
}
