import type { Bar } from '../../shared/domain/market.ts';
import { valueAtRisk, type VarMethod } from '../../shared/math/value-at-risk.ts';
import type { PortfolioSnapshot } from '../portfolio/portfolio-tracker.ts';

export interface PortfolioVar {
  method: VarMethod;
  level: number;
  horizonBars: number;
  barMs: number;
  n: number;
  /** Fractions of equity, and money; positive numbers are losses. */
  var: number;
  es: number;
  varMoney: number;
  esMoney: number;
  equity: number;
}

/**
 * VaR and ES of the current portfolio: today's positions applied to the returns each instrument
 * had over its recorded bars (only bar times every held instrument shares), as a fraction of equity.
 * Null, with the reason, when there is nothing to measure.
 */
export function portfolioVar(
  p: PortfolioSnapshot,
  barsOf: (id: string) => readonly Bar[],
  method: VarMethod,
  level: number,
  horizonBars: number,
): PortfolioVar | { reason: string } {
  const held = p.positions.filter((x) => x.quantity !== 0);
  if (!held.length || p.equity <= 0) return { reason: 'no open positions' };
  const series = held.map((h) => {
    const bars = barsOf(h.instrumentId);
    const returns = new Map<number, number>();
    for (let i = 1; i < bars.length; i++) returns.set(bars[i]!.ts, bars[i]!.close / bars[i - 1]!.close - 1);
    return { weight: h.marketValue / p.equity, returns, barMs: bars[0]?.intervalMs ?? 0 };
  });
  const times = [...series[0]!.returns.keys()].filter((t) => series.every((s) => s.returns.has(t))).sort((a, b) => a - b);
  if (times.length < 30) return { reason: `only ${times.length} shared bars of history; at least 30 are needed` };
  const portfolioReturns = times.map((t) => series.reduce((sum, s) => sum + s.weight * s.returns.get(t)!, 0));
  const r = valueAtRisk(method, portfolioReturns, level, { horizon: horizonBars });
  return { ...r, horizonBars, barMs: series[0]!.barMs, varMoney: r.var * p.equity, esMoney: r.es * p.equity, equity: p.equity };
}
