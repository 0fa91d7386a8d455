import { AnomalyDetector } from '../../../shared/features/anomaly-detector.ts';
import { fitGaussianHmm, HmmFilter, regimeLabels, type HmmParams } from '../../../shared/math/gaussian-hmm.ts';
import { BarAnalyst } from '../bar-analyst.ts';
import type { Bar } from '../../../shared/domain/market.ts';
import type { AgentContext } from '../../engine/agent.ts';

export const REGIME_AGENT_ID = 'analyst.regime';
/**
 * How the watcher fits its HMM, refit after refit (the backtest bench times exactly this fit): each
 * refit starts from the instrument's previous fit (a warm start) and stops once an iteration gains
 * less than 0.001 in log-likelihood (README, "The regime fit").
 */
export const REGIME_FIT = { states: 2, trainWindow: 250, refitEvery: 250, maxIterations: 100, tolerance: 1e-2 } as const;

export interface RegimeOptions {
  states: 2 | 3;
  /** Returns the HMM is fitted on (the latest ones), and how often it is refitted, in bars. */
  trainWindow: number;
  refitEvery: number;
}

interface InstrumentRegime {
  prevClose: number | null;
  returns: number[];
  sinceFit: number;
  filter: HmmFilter | null;
  /** The last fit: where the next one starts. */
  fitted: HmmParams | null;
  label: string | null;
  probabilities: number[] | null;
  anomalies: AnomalyDetector;
}

/**
 * The regime watcher: a Gaussian HMM on log returns per instrument, fitted by Baum–Welch on the
 * latest `trainWindow` returns (refitted every `refitEvery` bars) and filtered forward each bar.
 * Publishes the state probabilities every bar, `RegimeChanged` when the likeliest state changes,
 * and an alert when a bar's return or volume is anomalous against its rolling distribution.
 */
export class RegimeWatcher extends BarAnalyst {
  private readonly options: RegimeOptions;
  private regimes = new Map<string, InstrumentRegime>();

  constructor(id: string, ctx: AgentContext, options: Partial<RegimeOptions> = {}) {
    super(id, ctx);
    this.options = { states: REGIME_FIT.states, trainWindow: REGIME_FIT.trainWindow, refitEvery: REGIME_FIT.refitEvery, ...options };
  }

  protected forget(): void {
    this.regimes = new Map();
  }

  /** Latest probabilities (calm → turbulent) of an instrument, or null before the first fit. */
  probabilities(instrumentId: string): readonly number[] | null {
    return this.regimes.get(instrumentId)?.probabilities ?? null;
  }

  protected onBar(bar: Bar): void {
    let r = this.regimes.get(bar.instrumentId);
    if (!r) {
      r = {
        prevClose: null,
        returns: [],
        sinceFit: 0,
        filter: null,
        fitted: null,
        label: null,
        probabilities: null,
        anomalies: new AnomalyDetector(60, 5),
      };
      this.regimes.set(bar.instrumentId, r);
    }
    const ts = bar.ts + bar.intervalMs;
    const anomaly = r.anomalies.update(bar.close, bar.volume);
    if (anomaly.anomalous) {
      this.publish({
        type: 'AlertRaised',
        tsEvent: ts,
        tsInit: this.ctx.clock.now(),
        source: this.id,
        severity: 'info',
        code: 'MARKET_ANOMALY',
        message: `${bar.instrumentId}: unusual bar (return z ${anomaly.returnZ?.toFixed(1) ?? 'n/a'}, volume z ${anomaly.volumeZ?.toFixed(1) ?? 'n/a'})`,
        detail: { instrumentId: bar.instrumentId, returnZ: anomaly.returnZ ?? 0, volumeZ: anomaly.volumeZ ?? 0 },
      });
    }
    if (r.prevClose === null) {
      r.prevClose = bar.close;
      return;
    }
    const x = Math.log(bar.close / r.prevClose);
    r.prevClose = bar.close;
    r.returns.push(x);
    if (r.returns.length > this.options.trainWindow) r.returns.shift();
    r.sinceFit++;
    if (r.returns.length >= this.options.trainWindow && (r.filter === null || r.sinceFit >= this.options.refitEvery)) this.fit(r);
    if (!r.filter) return;
    const p = r.filter.update(x);
    r.probabilities = p;
    const labels = regimeLabels(this.options.states);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    this.publish({
      type: 'RegimeEstimated',
      tsEvent: ts,
      tsInit: this.ctx.clock.now(),
      source: this.id,
      instrumentId: bar.instrumentId,
      probabilities: [...p],
      labels,
    });
    if (labels[best] !== r.label) {
      this.publish({
        type: 'RegimeChanged',
        tsEvent: ts,
        tsInit: this.ctx.clock.now(),
        source: this.id,
        instrumentId: bar.instrumentId,
        from: r.label,
        to: labels[best]!,
        probabilities: [...p],
        labels,
      });
      r.label = labels[best]!;
    }
  }

  private fit(r: InstrumentRegime): void {
    r.sinceFit = 0;
    try {
      const fitted = fitGaussianHmm(r.returns, this.options.states, { ...REGIME_FIT, start: r.fitted ?? undefined });
      r.fitted = fitted;
      const filter = new HmmFilter(fitted);
      // Warm the new filter on the window so its probabilities carry over, not restart from the prior.
      for (const x of r.returns.slice(0, -1)) filter.update(x);
      r.filter = filter;
    } catch (err) {
      this.ctx.log.warn({ err: (err as Error).message }, 'regime model fit failed; keeping the previous one');
    }
  }
}
