import {
  CandlestickSeries,
  ColorType,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Fill } from '../../shared/domain/orders.ts';
import type { Bar } from '../../shared/domain/market.ts';
import { ChartOverlays } from './chart-overlays.ts';
import type { OscillatorKind } from './oscillator-pane.ts';

const UP = '#26a69a';
const DOWN = '#ef5350';

/**
 * A candlestick chart with volume, fed imperatively: `load` replaces the series, `push` appends or
 * updates the last candle. React never re-renders per bar. The container's data attributes say how
 * many candles are drawn and the last one's time, for tests and for anyone inspecting the page.
 */
export class CandleChart {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  private readonly volume: ISeriesApi<'Histogram'>;
  private readonly container: HTMLElement;
  private readonly markers: ISeriesMarkersPluginApi<Time>;
  private fillMarkers: SeriesMarker<Time>[] = [];
  private anomalyMarkers: SeriesMarker<Time>[] = [];
  readonly overlays: ChartOverlays;
  private count = 0;
  private intervalMs = 1_000;
  private lastTs = -1;

  constructor(container: HTMLElement, oscillator: OscillatorKind) {
    this.container = container;
    this.chart = createChart(container, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: '#0d1117' },
        textColor: '#8b949e',
        fontSize: 11,
        panes: { separatorColor: '#30363d', separatorHoverColor: 'rgba(88,166,255,0.25)' },
      },
      grid: { vertLines: { color: '#161b22' }, horzLines: { color: '#161b22' } },
      timeScale: { timeVisible: true, secondsVisible: true, borderColor: '#30363d' },
      rightPriceScale: { borderColor: '#30363d' },
      crosshair: { mode: 0 },
    });
    this.candles = this.chart.addSeries(CandlestickSeries, {
      upColor: UP,
      downColor: DOWN,
      borderVisible: false,
      wickUpColor: UP,
      wickDownColor: DOWN,
    });
    this.volume = this.chart.addSeries(HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' } });
    this.chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
    // The candles (and the overlays on their scale) stay above the volume bars.
    this.candles.priceScale().applyOptions({ scaleMargins: { top: 0.06, bottom: 0.2 } });
    this.markers = createSeriesMarkers(this.candles, []);
    this.overlays = new ChartOverlays(this.chart);
    this.overlays.oscillator.show(oscillator);
  }

  /** Calls `listener` with the opening time (ms) of a clicked bar. */
  onBarClick(listener: (barTs: number) => void): void {
    this.chart.subscribeClick((param) => {
      if (typeof param.time === 'number') listener(param.time * 1000);
    });
  }

  /** Our fills as arrows on the bars they happened in: buys below, sells above. */
  setFills(fills: readonly Fill[]): void {
    // One marker per bar and side, with the quantity and average price of the fills in it.
    const groups = new Map<string, { time: number; side: 'buy' | 'sell'; quantity: number; notional: number }>();
    for (const f of fills) {
      const time = Math.floor(f.ts / this.intervalMs) * this.intervalMs;
      const key = `${time}:${f.side}`;
      const g = groups.get(key) ?? { time, side: f.side, quantity: 0, notional: 0 };
      g.quantity += f.quantity;
      g.notional += f.quantity * f.price;
      groups.set(key, g);
    }
    const markers: SeriesMarker<Time>[] = [...groups.values()].map((g) => ({
      time: toTime(g.time),
      position: g.side === 'buy' ? 'belowBar' : 'aboveBar',
      shape: g.side === 'buy' ? 'arrowUp' : 'arrowDown',
      color: g.side === 'buy' ? '#58a6ff' : '#e3b341',
      text: `${g.side === 'buy' ? 'B' : 'S'} ${g.quantity}`,
    }));
    this.fillMarkers = markers;
    this.drawMarkers();
    this.container.dataset['fillMarkers'] = String(markers.length);
  }

  /** Bars the regime watcher flagged as anomalous (`ts`: the bar's close), as a dot above the bar. */
  setAnomalies(anomalies: readonly { ts: number; text: string }[]): void {
    this.anomalyMarkers = anomalies.map((a) => ({
      time: toTime(a.ts - this.intervalMs),
      position: 'aboveBar',
      shape: 'circle',
      color: '#d29922',
      text: a.text,
    }));
    this.drawMarkers();
    this.container.dataset['anomalyMarkers'] = String(this.anomalyMarkers.length);
  }

  private drawMarkers(): void {
    this.markers.setMarkers([...this.fillMarkers, ...this.anomalyMarkers].sort((a, b) => (a.time as number) - (b.time as number)));
  }

  load(bars: readonly Bar[]): void {
    if (bars[0]) this.intervalMs = bars[0].intervalMs;
    this.candles.setData(bars.map(toCandle));
    this.volume.setData(bars.map(toVolume));
    this.overlays.load(bars);
    this.count = bars.length;
    this.lastTs = bars.length ? bars[bars.length - 1]!.ts : -1;
    this.chart.timeScale().scrollToRealTime();
    this.mark();
  }

  push(bars: readonly Bar[]): void {
    for (const bar of bars) {
      if (bar.ts < this.lastTs) continue;
      this.candles.update(toCandle(bar));
      this.volume.update(toVolume(bar));
      this.overlays.push(bar);
      if (bar.ts > this.lastTs) this.count++;
      this.lastTs = bar.ts;
    }
    this.mark();
  }

  get lastTime(): number {
    return this.lastTs;
  }

  dispose(): void {
    this.chart.remove();
  }

  private mark(): void {
    this.container.dataset['candles'] = String(this.count);
    this.container.dataset['lastTs'] = String(this.lastTs);
    this.container.dataset['oscillator'] = this.overlays.oscillator.kind;
    this.container.dataset['oscillatorPoints'] = String(this.overlays.oscillator.points);
  }

  /** Shows `kind` in the pane under the candles, filled from `bars` (the chart's own, reloaded). */
  showOscillator(kind: OscillatorKind, bars: readonly Bar[]): void {
    if (kind === this.overlays.oscillator.kind) return;
    this.overlays.oscillator.show(kind);
    this.load(bars);
  }
}

const toTime = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;
const toCandle = (b: Bar) => ({ time: toTime(b.ts), open: b.open, high: b.high, low: b.low, close: b.close });
const toVolume = (b: Bar) => ({ time: toTime(b.ts), value: b.volume, color: b.close >= b.open ? '#26a69a55' : '#ef535055' });
