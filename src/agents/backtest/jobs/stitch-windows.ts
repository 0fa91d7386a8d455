import { computeMetrics, type Metrics } from '../metrics.ts';
import { emptyCurve, type EquityCurve } from '../run-backtest.ts';

export interface WindowResult {
  metrics: Metrics;
  benchmark: Metrics;
  equity: EquityCurve;
  startingCash: number;
  periodsPerYear: number;
}

/**
 * One out-of-sample curve from consecutive test windows: each window's returns chained onto the
 * previous window's end. Return figures are recomputed on the chained curve; trades and fees are
 * summed; turnover, hit rate and exposure are averaged, weighted by each window's periods (trades
 * for the hit rate).
 */
export function stitchWindows(windows: readonly WindowResult[]): { metrics: Metrics; benchmark: Metrics; curve: EquityCurve } {
  if (!windows.length) throw new Error('no windows to stitch');
  const start = windows[0]!.startingCash;
  const curve = emptyCurve();
  let level = start;
  let benchLevel = start;
  for (const w of windows) {
    const k = level / w.startingCash;
    const kb = benchLevel / w.startingCash;
    w.equity.ts.forEach((ts, i) => {
      curve.ts.push(ts);
      curve.equity.push(w.equity.equity[i]! * k);
      curve.benchmark.push(w.equity.benchmark[i]! * kb);
      curve.exposure.push(w.equity.exposure[i]!);
    });
    level = curve.equity.at(-1)!;
    benchLevel = curve.benchmark.at(-1)!;
  }
  const ppy = windows[0]!.periodsPerYear;
  const periods = windows.map((w) => w.equity.ts.length);
  const weighted = (f: (m: Metrics) => number | null, weights: readonly number[], pick: (w: WindowResult) => Metrics) => {
    let sum = 0;
    let total = 0;
    windows.forEach((w, i) => {
      const v = f(pick(w));
      if (v !== null) {
        sum += v * weights[i]!;
        total += weights[i]!;
      }
    });
    return total > 0 ? sum / total : null;
  };
  const summarise = (pick: (w: WindowResult) => Metrics, values: number[]): Metrics => {
    const trades = windows.reduce((s, w) => s + pick(w).trades, 0);
    // The first window's first point is its starting cash already: no leading zero return.
    const m = computeMetrics({
      equity: values,
      periodsPerYear: ppy,
      trades,
      hitRate: weighted(
        (x) => x.hitRate,
        windows.map((w) => pick(w).trades),
        pick,
      ),
      traded: 0,
      fees: windows.reduce((s, w) => s + pick(w).fees, 0),
      exposure: [0],
    });
    return { ...m, turnover: weighted((x) => x.turnover, periods, pick) ?? 0, exposure: weighted((x) => x.exposure, periods, pick) ?? 0 };
  };
  return {
    metrics: summarise((w) => w.metrics, curve.equity),
    benchmark: summarise((w) => w.benchmark, curve.benchmark),
    curve,
  };
}
