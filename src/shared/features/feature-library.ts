import { IndicatorSet, type OhlcvBar } from '../indicators/indicator-set.ts';
import { RollingWindow } from '../indicators/rolling-window.ts';

/**
 * The one library of named, causal features (each uses only the bar itself and earlier bars).
 * Training, backtests and live inference all compute features here, so a model sees in
 * production exactly what it saw in training.
 */
export const FEATURE_DESCRIPTIONS = {
  ret_1: 'log return over 1 bar',
  ret_5: 'log return over 5 bars',
  ret_20: 'log return over 20 bars',
  vol_20: 'sample standard deviation of 1-bar log returns over 20 bars',
  volume_z20: 'z-score of log volume against the last 20 bars',
  rsi14: 'RSI(14) / 100 − 0.5',
  macd_hist: 'MACD histogram (12, 26, 9) / close',
  bb_position: 'position of the close within the Bollinger Bands (20, 2), −0.5 … 0.5 inside',
  atr_pct: 'ATR(14) / close',
  adx14: 'ADX(14) / 100',
  stoch_k: 'stochastic %K(14) / 100 − 0.5',
  sma_gap: 'close / SMA(20) − 1',
  regime_turbulent: "probability of the regime model's most volatile state",
} as const;
export type FeatureName = keyof typeof FEATURE_DESCRIPTIONS;
export const FEATURE_NAMES = Object.keys(FEATURE_DESCRIPTIONS) as FeatureName[];

export function isFeatureName(name: string): name is FeatureName {
  return Object.hasOwn(FEATURE_DESCRIPTIONS, name);
}

export interface FeatureContext {
  /** Regime probabilities ordered calm → turbulent, when a regime model runs. */
  regime?: readonly number[] | null;
}

/** Computes a chosen list of features per bar; `update` returns null while any is warming up. */
export class FeatureEngine {
  readonly names: readonly FeatureName[];
  readonly indicators = new IndicatorSet();
  private readonly closes = new RollingWindow(21);
  private readonly returns = new RollingWindow(20);
  private readonly logVolumes = new RollingWindow(20);
  private readonly out: Float64Array;

  constructor(names: readonly string[]) {
    const unknown = names.filter((n) => !isFeatureName(n));
    if (unknown.length)
      throw new Error(`unknown feature${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}; known: ${FEATURE_NAMES.join(', ')}`);
    this.names = names as FeatureName[];
    this.out = new Float64Array(names.length);
  }

  update(bar: OhlcvBar, context: FeatureContext = {}): Float64Array | null {
    const prev = this.closes.count ? this.closes.at(0) : null;
    this.closes.push(bar.close);
    if (prev !== null) this.returns.push(Math.log(bar.close / prev));
    this.logVolumes.push(Math.log1p(bar.volume));
    this.indicators.update(bar);
    let ready = true;
    for (let i = 0; i < this.names.length; i++) {
      const v = this.value(this.names[i]!, bar, context);
      this.out[i] = v;
      if (!Number.isFinite(v)) ready = false;
    }
    return ready ? this.out : null;
  }

  private value(name: FeatureName, bar: OhlcvBar, context: FeatureContext): number {
    const ind = this.indicators;
    const c = bar.close;
    switch (name) {
      case 'ret_1':
        return this.logReturn(1);
      case 'ret_5':
        return this.logReturn(5);
      case 'ret_20':
        return this.logReturn(20);
      case 'vol_20':
        return this.returns.full ? Math.sqrt((this.returns.variance * 20) / 19) : NaN;
      case 'volume_z20': {
        if (!this.logVolumes.full) return NaN;
        const sd = Math.sqrt(this.logVolumes.variance);
        return sd > 0 ? (this.logVolumes.at(0) - this.logVolumes.mean) / sd : 0;
      }
      case 'rsi14':
        return ind.get('rsi14') / 100 - 0.5;
      case 'macd_hist':
        return ind.get('macd_hist') / c;
      case 'bb_position': {
        const lo = ind.get('bb_lower');
        const width = ind.get('bb_upper') - lo;
        return width > 0 ? (c - lo) / width - 0.5 : width === 0 ? 0 : NaN;
      }
      case 'atr_pct':
        return ind.get('atr14') / c;
      case 'adx14':
        return ind.get('adx14') / 100;
      case 'stoch_k':
        return ind.get('stoch_k') / 100 - 0.5;
      case 'sma_gap':
        return c / ind.get('sma20') - 1;
      case 'regime_turbulent':
        return context.regime?.length ? context.regime[context.regime.length - 1]! : NaN;
    }
  }

  private logReturn(h: number): number {
    return this.closes.count > h ? Math.log(this.closes.at(0) / this.closes.at(h)) : NaN;
  }
}

/** Features of a whole series: the rows that are ready, with the index of the bar each belongs to. */
export function featureRows(
  bars: readonly OhlcvBar[],
  names: readonly string[],
  contextAt: (i: number) => FeatureContext = () => ({}),
): { rows: Float64Array[]; barIndex: number[] } {
  const engine = new FeatureEngine(names);
  const rows: Float64Array[] = [];
  const barIndex: number[] = [];
  bars.forEach((bar, i) => {
    const row = engine.update(bar, contextAt(i));
    if (row) {
      rows.push(Float64Array.from(row));
      barIndex.push(i);
    }
  });
  return { rows, barIndex };
}
