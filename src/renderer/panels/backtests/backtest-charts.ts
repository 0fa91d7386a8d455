import {
  ColorType,
  createChart,
  createSeriesMarkers,
  LineSeries,
  LineStyle,
  type IChartApi,
  type ISeriesApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { BacktestPoint } from '../../../shared/contracts/backtests.contract.ts';
import { drawdowns } from '../../../shared/math/drawdown.ts';

const COLORS = ['#4f9cf9', '#26a69a', '#e3b341', '#d2a8ff', '#ff7b72', '#79c0ff'];
const time = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;

function chart(container: HTMLElement, priceFormatter: (price: number) => string): IChartApi {
  return createChart(container, {
    autoSize: true,
    localization: { priceFormatter },
    layout: { background: { type: ColorType.Solid, color: '#0d1117' }, textColor: '#8b949e', fontSize: 11 },
    grid: { vertLines: { color: '#161b22' }, horzLines: { color: '#161b22' } },
    timeScale: { borderColor: '#30363d' },
    rightPriceScale: { borderColor: '#30363d' },
  });
}

/** Unique, increasing times (the curve is already ordered; days can repeat after down-sampling). */
function points(curve: BacktestPoint['curve'], pick: (c: BacktestPoint['curve'][number], i: number) => number) {
  const out: { time: UTCTimestamp; value: number }[] = [];
  curve.forEach((c, i) => {
    const t = time(c[0]);
    if (out.length && out.at(-1)!.time >= t) return;
    out.push({ time: t, value: pick(c, i) });
  });
  return out;
}

/** Where breakers restricted or stopped a run: a marker on its equity line, at the curve's point on or after it. */
function restrictionMarkers(r: BacktestPoint): SeriesMarker<Time>[] {
  return r.restrictions.map((x) => {
    const at = Date.parse(x.at);
    const point = r.curve.find((c) => c[0] >= at) ?? r.curve.at(-1)!;
    return {
      time: time(point[0]),
      position: 'aboveBar',
      shape: 'square',
      color: x.state === 'HALTED' ? '#ff7b72' : '#f0883e',
      text: x.state,
    };
  });
}

/** Drawdown in percent. */
const drawdownPercent = (values: readonly number[]) => drawdowns(values).map((d) => d * 100);

/**
 * Equity (as growth of 1) and drawdown of the compared runs, each in its colour, buy-and-hold of the
 * first one dashed, and its trades as markers on its equity line. Rebuilt when the selection changes.
 */
export class BacktestCharts {
  private readonly equity: IChartApi;
  private readonly drawdown: IChartApi;
  private series: ISeriesApi<'Line'>[] = [];
  private ddSeries: ISeriesApi<'Line'>[] = [];

  constructor(equityBox: HTMLElement, drawdownBox: HTMLElement) {
    this.equity = chart(equityBox, (x) => `${x.toFixed(2)}×`);
    this.drawdown = chart(drawdownBox, (x) => `${x.toFixed(1)}%`);
  }

  show(results: readonly BacktestPoint[]): void {
    for (const s of this.series) this.equity.removeSeries(s);
    for (const s of this.ddSeries) this.drawdown.removeSeries(s);
    this.series = [];
    this.ddSeries = [];
    const drawn = results.filter((r) => r.curve.length > 1);
    drawn.forEach((r, k) => {
      const color = COLORS[k % COLORS.length]!;
      const start = r.curve[0]![1];
      const line = this.equity.addSeries(LineSeries, { color, lineWidth: 2, priceLineVisible: false, title: `#${r.runId}.${r.point}` });
      line.setData(points(r.curve, (c) => c[1] / start));
      this.series.push(line);
      const dd = drawdownPercent(r.curve.map((c) => c[1]));
      const ddLine = this.drawdown.addSeries(LineSeries, { color, lineWidth: 1, priceLineVisible: false });
      ddLine.setData(points(r.curve, (_, i) => dd[i]!));
      this.ddSeries.push(ddLine);
      const markers = restrictionMarkers(r);
      if (k === 0) {
        const benchStart = r.curve[0]![2];
        const bench = this.equity.addSeries(LineSeries, {
          color: '#8b949e',
          lineWidth: 1,
          lineStyle: LineStyle.Dashed,
          priceLineVisible: false,
          title: 'buy & hold',
        });
        bench.setData(points(r.curve, (c) => c[2] / benchStart));
        this.series.push(bench);
        const bdd = drawdownPercent(r.curve.map((c) => c[2]));
        const bddLine = this.drawdown.addSeries(LineSeries, {
          color: '#8b949e',
          lineWidth: 1,
          lineStyle: LineStyle.Dashed,
          priceLineVisible: false,
        });
        bddLine.setData(points(r.curve, (_, i) => bdd[i]!));
        this.ddSeries.push(bddLine);
        for (const [ts, , side] of r.trades)
          markers.push({
            time: time(ts),
            position: side === 'buy' ? 'belowBar' : 'aboveBar',
            shape: side === 'buy' ? 'arrowUp' : 'arrowDown',
            color: side === 'buy' ? '#26a69a' : '#ef5350',
          });
      }
      createSeriesMarkers(
        line,
        markers.sort((a, b) => (a.time as number) - (b.time as number)),
      );
    });
    this.equity.timeScale().fitContent();
    this.drawdown.timeScale().fitContent();
  }

  dispose(): void {
    this.equity.remove();
    this.drawdown.remove();
  }
}
