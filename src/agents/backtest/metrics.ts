/** The figures every backtest reports, for the strategy and for its benchmark alike. */
export interface Metrics {
  totalReturn: number;
  cagr: number;
  volatility: number;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdown: number;
  calmar: number | null;
  trades: number;
  hitRate: number | null;
  turnover: number;
  fees: number;
  exposure: number;
}

export interface MetricsInput {
  /** Equity at the end of each period, the first entry being the start. */
  equity: readonly number[];
  periodsPerYear: number;
  /** Sample Sharpe's risk-free rate per year (default 0). */
  riskFree?: number;
  trades: number;
  hitRate: number | null;
  /** Notional traded over the whole run. */
  traded: number;
  fees: number;
  /** Gross exposure / equity at the end of each period (same length as `equity`). */
  exposure: readonly number[];
}

/**
 * The conventions: period returns from equity; Sharpe = mean / sample standard deviation ×
 * √periods; Sortino uses √(mean(min(r, 0)²)); max drawdown is the largest fall from a running peak as
 * a fraction; CAGR = (end / start)^(periods per year / periods) − 1; Calmar = CAGR / max drawdown.
 * Turnover is the notional traded per year as a multiple of average equity; exposure the average
 * gross exposure as a fraction of equity. Ratios that would divide by zero are null.
 */
export function computeMetrics(input: MetricsInput): Metrics {
  const { equity, periodsPerYear: ppy } = input;
  const periods = equity.length - 1;
  if (periods < 1) throw new RangeError('need at least two equity points');
  const rf = (input.riskFree ?? 0) / ppy;
  // The excess returns are summed as they are computed (a million-bar run's arrays of returns had
  // been 50 MB of garbage at its end): the same sums in the same order.
  const excess = (t: number) => equity[t]! / equity[t - 1]! - 1 - rf;
  let sum = 0;
  for (let t = 1; t <= periods; t++) sum += excess(t);
  const mean = sum / periods;
  let squares = 0;
  let downsideSquares = 0;
  for (let t = 1; t <= periods; t++) {
    const r = excess(t);
    squares += (r - mean) ** 2;
    downsideSquares += Math.min(r, 0) ** 2;
  }
  const variance = periods > 1 ? squares / (periods - 1) : 0;
  const sd = Math.sqrt(variance);
  const downside = Math.sqrt(downsideSquares / periods);
  let peak = equity[0]!;
  let maxDrawdown = 0;
  for (const e of equity) {
    peak = Math.max(peak, e);
    maxDrawdown = Math.max(maxDrawdown, 1 - e / peak);
  }
  const growth = equity[periods]! / equity[0]!;
  const cagr = growth > 0 ? growth ** (ppy / periods) - 1 : -1;
  const years = periods / ppy;
  const averageEquity = equity.reduce((s, e) => s + e, 0) / equity.length;
  return {
    totalReturn: growth - 1,
    cagr,
    volatility: sd * Math.sqrt(ppy),
    sharpe: sd > 0 ? (mean / sd) * Math.sqrt(ppy) : null,
    sortino: downside > 0 ? (mean / downside) * Math.sqrt(ppy) : null,
    maxDrawdown,
    calmar: maxDrawdown > 0 ? cagr / maxDrawdown : null,
    trades: input.trades,
    hitRate: input.hitRate,
    turnover: averageEquity > 0 && years > 0 ? input.traded / averageEquity / years : 0,
    fees: input.fees,
    exposure: input.exposure.reduce((s, x) => s + x, 0) / input.exposure.length,
  };
}
