import type { RiskLimits } from '../../shared/domain/risk.ts';
import type { PortfolioTracker } from '../portfolio/portfolio-tracker.ts';

export type BreakerName = keyof RiskLimits['breakers'];

export interface BreakerTrip {
  breaker: BreakerName;
  action: RiskLimits['breakers'][BreakerName];
  message: string;
  detail: Record<string, number | string>;
}

const pct = (x: number) => Math.round(x * 10_000) / 100;

/**
 * Which circuit breakers are in breach right now: the day's loss, the drawdown from the peak, one
 * instrument's share of equity, positions whose prices have gone stale, and a collapse in the
 * confidence of model signals (the mean of the last MODEL_WINDOW).
 */
export function evaluateBreakers(
  portfolio: PortfolioTracker,
  limits: RiskLimits,
  now: number,
  modelConfidence: number | null = null,
  session: BreakerSession = { since: -Infinity, traded: () => true },
): BreakerTrip[] {
  // The figures and positions a snapshot would show, without making one (this runs every step of a backtest).
  const p = portfolio.standing();
  const trips: BreakerTrip[] = [];
  const lossLimit = (limits.dailyLossLimitPercent / 100) * p.dayStartEquity;
  if (p.dailyPnl < -lossLimit) {
    trips.push({
      breaker: 'dailyLoss',
      action: limits.breakers.dailyLoss,
      message: `Daily loss ${pct(-p.dailyPnl / p.dayStartEquity)} % is beyond the ${limits.dailyLossLimitPercent} % limit`,
      detail: { dailyPnl: Math.round(p.dailyPnl), limit: Math.round(lossLimit) },
    });
  }
  if (p.drawdown > limits.maxDrawdownPercent / 100) {
    trips.push({
      breaker: 'drawdown',
      action: limits.breakers.drawdown,
      message: `Drawdown ${pct(p.drawdown)} % from the peak is beyond the ${limits.maxDrawdownPercent} % limit`,
      detail: { drawdownPercent: pct(p.drawdown), peakEquity: Math.round(p.peakEquity), equity: Math.round(p.equity) },
    });
  }
  portfolio.eachPosition((instrumentId, _h, _mark, marketValue) => {
    const share = p.equity > 0 ? Math.abs(marketValue) / p.equity : 0;
    if (share <= limits.maxConcentration) return false;
    trips.push({
      breaker: 'concentration',
      action: limits.breakers.concentration,
      message: `${instrumentId} is ${pct(share)} % of equity, above the ${pct(limits.maxConcentration)} % limit`,
      detail: { instrumentId, sharePercent: pct(share) },
    });
    return true;
  });
  portfolio.eachPosition((instrumentId, h, mark) => {
    // A position this session cannot trade (kept from a replay) has no price to wait for.
    if (h.quantity === 0 || !session.traded(instrumentId)) return false;
    // Before its first price the clock runs from the session's start: a restart is not stale data.
    const age = now - (mark?.ts ?? session.since);
    if (age <= limits.staleDataMs) return false;
    trips.push({
      breaker: 'staleData',
      action: limits.breakers.staleData,
      message: `No price for ${instrumentId} for ${Number.isFinite(age) ? Math.round(age / 1000) : '∞'} s while a position is open`,
      detail: { instrumentId, ageMs: Number.isFinite(age) ? age : -1 },
    });
    return true;
  });
  if (modelConfidence !== null && modelConfidence < limits.minModelConfidence) {
    trips.push({
      breaker: 'modelConfidence',
      action: limits.breakers.modelConfidence,
      message: `Model confidence collapsed: the last ${MODEL_WINDOW} model signals average ${pct(modelConfidence)} % confidence, below ${pct(limits.minModelConfidence)} %`,
      detail: { meanConfidence: Math.round(modelConfidence * 1000) / 1000, limit: limits.minModelConfidence },
    });
  }
  return trips;
}

/** What the stale-data breaker knows of the session: when it started, and which instruments it trades. */
export interface BreakerSession {
  since: number;
  traded: (instrumentId: string) => boolean;
}

/** How many recent model signals the confidence breaker averages. */
export const MODEL_WINDOW = 20;
