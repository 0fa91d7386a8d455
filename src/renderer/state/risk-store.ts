import { create } from 'zustand';
import type { PortfolioSnapshotView } from '../../shared/contracts/portfolio.contract.ts';
import type { Alert, LimitUsage } from '../../shared/contracts/risk.contract.ts';
import type { RiskLimits } from '../../shared/domain/risk.ts';

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
