import { HistogramSeries, LineSeries, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import { IndicatorSet } from '../../shared/indicators/indicator-set.ts';
import type { Bar } from '../../shared/domain/market.ts';
import { OscillatorPane } from './oscillator-pane.ts';
import type { ChartTime } from './chart-time.ts';

const REGIME_COLOURS: Record<string, string> = {
  calm: 'rgba(38,166,154,0.35)',
  normal: 'rgba(227,179,65,0.35)',
  turbulent: 'rgba(239,83,80,0.45)',
};
type LinePoint = { time: UTCTimestamp; value: number };
type OverlayLine = 'sma' | 'upper' | 'lower';
type RegimePoint = { ts: number; label: string };

/**
 * SMA(20) and Bollinger Bands (20, 2) over the candles and an oscillator in a pane under them,
 * computed by the same indicator code the technical analyst runs, and the regime band: one strip per
 * bar coloured by the regime watcher's likeliest state.
 */
export class ChartOverlays {
  private readonly sma: ISeriesApi<'Line'>;
  private readonly upper: ISeriesApi<'Line'>;
  private readonly lower: ISeriesApi<'Line'>;
  private readonly regime: ISeriesApi<'Histogram'>;
  readonly oscillator: OscillatorPane;
  private set = new IndicatorSet();
  private lastTs = -1;

  private readonly time: ChartTime;

  constructor(chart: IChartApi, time: ChartTime) {
    this.time = time;
    const line = { lineWidth: 1 as const, priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false };
    this.sma = chart.addSeries(LineSeries, { ...line, color: '#d2a8ff', title: 'SMA20' });
    this.upper = chart.addSeries(LineSeries, { ...line, color: 'rgba(88,166,255,0.6)', lineStyle: 2 });
    this.lower = chart.addSeries(LineSeries, { ...line, color: 'rgba(88,166,255,0.6)', lineStyle: 2 });
    this.regime = chart.addSeries(HistogramSeries, { priceScaleId: 'regime', priceLineVisible: false, lastValueVisible: false });
    chart.priceScale('regime').applyOptions({ scaleMargins: { top: 0, bottom: 0.96 }, visible: false });
    this.oscillator = new OscillatorPane(chart);
  }

  /** Computes the indicators over `bars` and draws them from the bar at `from` on (the candles drawn). */
  load(bars: readonly Bar[], from = 0): void {
    this.set = new IndicatorSet();
    this.lastTs = -1;
    const lines = { sma: [] as LinePoint[], upper: [] as LinePoint[], lower: [] as LinePoint[] };
    this.oscillator.begin();
    bars.forEach((bar, i) => {
      const points = this.step(bar);
      if (i < from) return;
      for (const [key, point] of points) lines[key].push(point);
      this.oscillator.collect(this.time.toTime(bar.ts), this.set);
    });
    this.oscillator.flush();
    this.sma.setData(lines.sma);
    this.upper.setData(lines.upper);
    this.lower.setData(lines.lower);
    this.drawnFrom = bars[from]?.ts ?? -1;
    this.drawRegimes();
  }

  /** A newly closed bar (a bar already seen is skipped: indicators move once per close). */
  push(bar: Bar): void {
    if (bar.ts <= this.lastTs) return;
    for (const [key, point] of this.step(bar)) this[key].update(point);
    this.oscillator.update(this.time.toTime(bar.ts), this.set);
  }

  /** Feeds one bar to the indicators and returns the overlay points it gives (none while warming up). */
  private step(bar: Bar): [OverlayLine, LinePoint][] {
    this.set.update(bar);
    this.lastTs = bar.ts;
    const time = this.time.toTime(bar.ts);
    const values: [OverlayLine, number][] = [
      ['sma', this.set.get('sma20')],
      ['upper', this.set.get('bb_upper')],
      ['lower', this.set.get('bb_lower')],
    ];
    return values.filter(([, v]) => Number.isFinite(v)).map(([key, value]) => [key, { time, value }]);
  }

  /** The first drawn bar's opening time: the band starts there too. */
  private drawnFrom = -1;
  private regimes: readonly RegimePoint[] = [];
  /** What the regime band shows: where it starts, the list's first point and how many points of the list (to extend it, not redraw it). */
  private regimeShown: { from: number; first: number; count: number } | null = null;

  /**
   * Regime labels keyed by bar opening time (ms). A list that only grew since the last call extends
   * the band point by point; any other list replaces it.
   */
  setRegimes(points: readonly RegimePoint[]): void {
    this.regimes = points;
    this.drawRegimes();
  }

  private drawRegimes(): void {
    const points = this.regimes;
    const shown = this.regimeShown;
    const first = points[0]?.ts ?? -1;
    const grown = shown && shown.from === this.drawnFrom && shown.first === first ? points.length - shown.count : -1;
    if (grown >= 0) {
      for (let i = points.length - grown; i < points.length; i++)
        if (points[i]!.ts >= this.drawnFrom) this.regime.update(this.band(points[i]!));
    } else this.regime.setData(points.filter((p) => p.ts >= this.drawnFrom).map((p) => this.band(p)));
    this.regimeShown = { from: this.drawnFrom, first, count: points.length };
  }

  /** One strip of the regime band: the bar's regime in its colour. */
  private band(p: RegimePoint) {
    return { time: this.time.toTime(p.ts), value: 1, color: REGIME_COLOURS[p.label] ?? 'rgba(139,148,158,0.3)' };
  }
}
