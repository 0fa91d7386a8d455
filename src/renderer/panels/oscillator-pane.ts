import { HistogramSeries, LineSeries, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { IndicatorColumn, IndicatorSet } from '../../shared/indicators/indicator-set.ts';

/** What the pane under the candles can show: oscillators of the technical analyst's indicator set. */
export const OSCILLATORS = {
  rsi: 'RSI 14',
  macd: 'MACD 12/26/9',
  adx: 'ADX 14',
  stoch: 'Stochastic 14/3',
  none: 'no oscillator',
} as const;
export type OscillatorKind = keyof typeof OSCILLATORS;

export const isOscillatorKind = (x: string): x is OscillatorKind => Object.hasOwn(OSCILLATORS, x);

interface LineSpec {
  column: IndicatorColumn;
  color: string;
  title: string;
  /** Drawn as a histogram coloured by sign (MACD's). */
  histogram?: boolean;
}

interface OscillatorSpec {
  lines: LineSpec[];
  /** Reference levels drawn across the pane (RSI's 30 and 70, …). */
  levels: number[];
  /** A fixed 0–100 scale for oscillators bounded to it. */
  percent: boolean;
}

const SPECS: Record<Exclude<OscillatorKind, 'none'>, OscillatorSpec> = {
  rsi: { lines: [{ column: 'rsi14', color: '#d2a8ff', title: 'RSI' }], levels: [30, 70], percent: true },
  macd: {
    lines: [
      { column: 'macd_hist', color: '#8b949e', title: 'hist', histogram: true },
      { column: 'macd', color: '#58a6ff', title: 'MACD' },
      { column: 'macd_signal', color: '#e3b341', title: 'signal' },
    ],
    levels: [],
    percent: false,
  },
  adx: { lines: [{ column: 'adx14', color: '#e3b341', title: 'ADX' }], levels: [15, 40], percent: true },
  stoch: {
    lines: [
      { column: 'stoch_k', color: '#58a6ff', title: '%K' },
      { column: 'stoch_d', color: '#e3b341', title: '%D' },
    ],
    levels: [20, 80],
    percent: true,
  },
};

const PANE = 1;
type Point = { time: UTCTimestamp; value: number; color?: string };

/**
 * One oscillator in its own pane under the candles, from the same IndicatorSet as the overlays (so
 * it shows exactly what the technical analyst read). `show` swaps the oscillator; the pane goes
 * when there is none.
 */
export class OscillatorPane {
  private readonly chart: IChartApi;
  private lines: { spec: LineSpec; series: ISeriesApi<'Line'> | ISeriesApi<'Histogram'> }[] = [];
  private pending: Point[][] = [];
  private shown: OscillatorKind = 'none';
  /** Points drawn on the first line (for the page's data attributes). */
  points = 0;

  constructor(chart: IChartApi) {
    this.chart = chart;
  }

  get kind(): OscillatorKind {
    return this.shown;
  }

  show(kind: OscillatorKind): void {
    for (const l of this.lines) this.chart.removeSeries(l.series);
    this.lines = [];
    this.points = 0;
    this.shown = kind;
    if (kind === 'none') return;
    const spec = SPECS[kind];
    const common = {
      priceLineVisible: false,
      lastValueVisible: true,
      ...(spec.percent ? { autoscaleInfoProvider: () => ({ priceRange: { minValue: 0, maxValue: 100 } }) } : {}),
    };
    for (const line of spec.lines) {
      const series = line.histogram
        ? this.chart.addSeries(HistogramSeries, { ...common, color: line.color, title: line.title }, PANE)
        : this.chart.addSeries(LineSeries, { ...common, color: line.color, lineWidth: 1, title: line.title }, PANE);
      this.lines.push({ spec: line, series });
    }
    const first = this.lines[0]!.series;
    first.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.04 } });
    for (const level of spec.levels) {
      first.createPriceLine({ price: level, color: '#30363d', lineWidth: 1, lineStyle: 2, axisLabelVisible: false, title: '' });
    }
    const [candles, pane] = this.chart.panes();
    candles?.setStretchFactor(3);
    pane?.setStretchFactor(1);
  }

  /** Starts a full load: points gathered by `collect` are set by `flush`. */
  begin(): void {
    this.pending = this.lines.map(() => []);
  }

  collect(time: UTCTimestamp, set: IndicatorSet): void {
    this.lines.forEach((l, i) => {
      const p = point(time, set, l.spec);
      if (p) this.pending[i]!.push(p);
    });
  }

  flush(): void {
    this.lines.forEach((l, i) => l.series.setData(this.pending[i] ?? []));
    this.points = this.pending[0]?.length ?? 0;
    this.pending = [];
  }

  /** A newly closed bar. */
  update(time: UTCTimestamp, set: IndicatorSet): void {
    this.lines.forEach((l, i) => {
      const p = point(time, set, l.spec);
      if (!p) return;
      l.series.update(p);
      if (i === 0) this.points++;
    });
  }
}

function point(time: UTCTimestamp, set: IndicatorSet, spec: LineSpec): Point | null {
  const value = set.get(spec.column);
  if (!Number.isFinite(value)) return null;
  return spec.histogram ? { time, value, color: value >= 0 ? 'rgba(38,166,154,0.6)' : 'rgba(239,83,80,0.6)' } : { time, value };
}
