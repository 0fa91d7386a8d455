import type { LimitUsage } from '../../shared/contracts/risk.contract.ts';
import { riskContract } from '../../shared/contracts/risk.contract.ts';
import { portfolioContract } from '../../shared/contracts/portfolio.contract.ts';
import type { Kernel } from '../engine/kernel.ts';
import { traceContract } from '../../shared/contracts/trace.contract.ts';
import { traceFill, traceOrder } from '../store/order-trace.ts';
import { portfolioVar } from '../risk/portfolio-var.ts';
import { alertAcknowledgement, recentAlerts } from '../store/alert-queries.ts';

/** Risk limits (edited from the UI, validated on arrival, journaled), their usage, alerts, portfolio. */
/** What the risk services use of the kernel, and nothing more. */
export type RiskServiceDeps = Pick<Kernel, 'services' | 'store' | 'risk' | 'portfolio' | 'clock' | 'bus'>;

export function registerRiskServices(kernel: RiskServiceDeps): void {
  const { services, store } = kernel;
  services.register(riskContract, {
    limits: () => kernel.risk.currentLimits,
    setLimits: (limits) => {
      kernel.risk.setLimits(limits, 'trader');
      return kernel.risk.currentLimits;
    },
    usage: () => limitUsage(kernel),
    portfolioVar: ({ level, method, horizonBars }) =>
      portfolioVar(kernel.portfolio.snapshot(), (id) => store.bars.latest(id as never, 5_000), method, level, horizonBars),
    alerts: ({ limit, code, instrumentId }) => recentAlerts(store.db, limit, code, instrumentId),
    acknowledgeAlert: ({ seq }) => {
      const { isAlert, acknowledgedAt } = alertAcknowledgement(store.db, seq);
      if (!isAlert) throw new Error(`journal row ${seq} is not an alert`);
      if (acknowledgedAt !== null) return { acknowledged: false, message: `alert ${seq} was acknowledged already` };
      const now = kernel.clock.now();
      kernel.bus.publish('AlertAcknowledged', { type: 'AlertAcknowledged', tsEvent: now, tsInit: now, source: 'trader', alertSeq: seq });
      return { acknowledged: true, message: `alert ${seq} acknowledged` };
    },
  });
  services.register(portfolioContract, { snapshot: () => kernel.portfolio.snapshot() });
  services.register(traceContract, {
    order: ({ clientOrderId }) => traceOrder(store.db, clientOrderId),
    fill: ({ fillId }) => traceFill(store.db, fillId),
  });
}

function limitUsage(kernel: Pick<Kernel, 'risk' | 'portfolio'>): LimitUsage[] {
  const l = kernel.risk.currentLimits;
  const p = kernel.portfolio.snapshot();
  const largestPosition = Math.max(0, ...p.positions.map((x) => Math.abs(x.quantity)));
  const concentration = p.equity > 0 ? Math.max(0, ...p.positions.map((x) => Math.abs(x.marketValue) / p.equity)) : 0;
  const row = (key: string, label: string, limit: number, current: number, unit: string): LimitUsage => ({
    key,
    label,
    limit,
    current,
    usage: limit > 0 ? current / limit : 0,
    unit,
  });
  return [
    row('maxPositionQuantity', 'Largest position', l.maxPositionQuantity, largestPosition, 'units'),
    row('maxGrossExposure', 'Gross exposure', l.maxGrossExposure, p.grossExposure, '$'),
    row('maxNetExposure', 'Net exposure', l.maxNetExposure, Math.abs(p.netExposure), '$'),
    row('maxConcentration', 'Concentration', l.maxConcentration, concentration, 'of equity'),
    row('maxLeverage', 'Leverage', l.maxLeverage, p.equity > 0 ? p.grossExposure / p.equity : 0, '×'),
    row('dailyLossLimitPercent', 'Daily loss', l.dailyLossLimitPercent, Math.max(0, (-p.dailyPnl / p.dayStartEquity) * 100), '%'),
    row('maxDrawdownPercent', 'Drawdown', l.maxDrawdownPercent, p.drawdown * 100, '%'),
  ];
}
