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
} from 'lightweight-charts';
import type { Fill } from '../../shared/domain/orders.ts';
import type { Bar } from '../../shared/domain/market.ts';
import { ChartTime } from './chart-time.ts';
import { ChartOverlays } from './chart-overlays.ts';
import type { OscillatorKind } from './oscillator-pane.ts';

const UP = '#26a69a';
const DOWN = '#ef5350';
/**
 * Bars drawn while the chart follows the market. lightweight-charts rebuilds a series' items from all
 * of its data whenever one point changes, so the cost of every live update grows with the series;
 * holding the drawn series to a window keeps it flat. Scrolling back to the window's first bar draws
 * the older bars the chart holds.
 */
export const LIVE_WINDOW = 300;
/** How far the drawn series may grow past the window before it is redrawn from the window (one setData per 150 bars). */
const SLIDE_EVERY = 150;
/** Bars held for scrolling back (as many as the market store keeps). */
const HELD = 5_000;

/**
 * A candlestick chart with volume, fed imperatively: `load` replaces the series, `push` appends or
 * updates the last candle. React never re-renders per bar. The container's data attributes say how
 * many candles the chart holds (`candles`), how many of them are drawn now (`drawn`) and the last
 * one's time, for tests and for anyone inspecting the page.
 */
export class CandleChart {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  private readonly volume: ISeriesApi<'Histogram'>;
  private readonly container: HTMLElement;
  private readonly markers: ISeriesMarkersPluginApi<Time>;
  private fillMarkers: SeriesMarker<Time>[] = [];
  private anomalyMarkers: SeriesMarker<Time>[] = [];
  private newsMarkers: SeriesMarker<Time>[] = [];
  readonly overlays: ChartOverlays;
  /** The bars the trader can scroll through; those from `drawnFrom` on are in the series. */
  private held: Bar[] = [];
  private drawnFrom = 0;
  private intervalMs = 1_000;
  private lastTs = -1;

  /** The chart's times: the exchange's wall clock where the instrument has a time zone. */
  private readonly time = new ChartTime();

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
      // A fixed width for the price axis: a label growing a digit would otherwise resize every canvas of the chart.
      rightPriceScale: { borderColor: '#30363d', minimumWidth: 64 },
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
    this.overlays = new ChartOverlays(this.chart, this.time);
    this.overlays.oscillator.show(oscillator);
    this.chart.timeScale().subscribeVisibleLogicalRangeChange((range) => {
      if (range && range.from < 10 && this.drawnFrom > 0) this.drawOlder(range);
    });
  }

  /** The exchange time zone of the instrument about to be drawn (undefined: UTC); set before `load`. */
  setTimeZone(zone: string | undefined): void {
    this.time.setZone(zone);
    this.container.dataset['timeZone'] = zone ?? 'UTC';
  }

  private toCandle(b: Bar) {
    return { time: this.time.toTime(b.ts), open: b.open, high: b.high, low: b.low, close: b.close };
  }

  private toVolume(b: Bar) {
    return { time: this.time.toTime(b.ts), value: b.volume, color: b.close >= b.open ? '#26a69a55' : '#ef535055' };
  }

  /** Calls `listener` with the opening time (ms) of a clicked bar. */
  onBarClick(listener: (barTs: number) => void): void {
    this.chart.subscribeClick((param) => {
      if (typeof param.time === 'number') listener(this.time.fromTime(param.time));
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
      time: this.time.toTime(g.time),
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
      time: this.time.toTime(a.ts - this.intervalMs),
      position: 'aboveBar',
      shape: 'circle',
      color: '#d29922',
      text: a.text,
    }));
    this.drawMarkers();
    this.container.dataset['anomalyMarkers'] = String(this.anomalyMarkers.length);
  }

  /**
   * The headlines the news analyst read, on the bars whose vote they first moved: the first held bar
   * closing at or after the headline (a weekend's news is Monday's). One square per bar below it,
   * green or red by the mean score of its headlines.
   */
  setNews(headlines: readonly { ts: number; score: number }[]): void {
    const bars = new Map<number, { n: number; sum: number }>();
    for (const h of headlines) {
      const bar = this.firstClosingAtOrAfter(h.ts);
      if (bar === null) continue;
      const g = bars.get(bar) ?? { n: 0, sum: 0 };
      g.n++;
      g.sum += h.score;
      bars.set(bar, g);
    }
    this.newsMarkers = [...bars].map(([time, g]) => ({
      time: this.time.toTime(time),
      position: 'belowBar',
      shape: 'square',
      color: g.sum >= 0 ? '#3fb950' : '#f85149',
      text: g.n > 1 ? `N×${g.n}` : 'N',
    }));
    this.drawMarkers();
    this.container.dataset['newsMarkers'] = String(this.newsMarkers.length);
  }

  /** The start of the first held bar whose close (start + interval) is at or after `ts`, or null. */
  private firstClosingAtOrAfter(ts: number): number | null {
    let lo = 0;
    let hi = this.held.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.held[mid]!.ts + this.held[mid]!.intervalMs < ts) lo = mid + 1;
      else hi = mid;
    }
    // Published before the first held bar opened: its bar is not held.
    if (lo === this.held.length || ts <= this.held[0]!.ts) return null;
    return this.held[lo]!.ts;
  }

  /** Markers on the drawn bars only (one on an undrawn bar would be pinned to the first drawn one). */
  private drawMarkers(): void {
    const from = this.time.toTime(this.held[this.drawnFrom]?.ts ?? 0);
    const drawn = [...this.fillMarkers, ...this.anomalyMarkers, ...this.newsMarkers].filter((m) => (m.time as number) >= from);
    this.markers.setMarkers(drawn.sort((a, b) => (a.time as number) - (b.time as number)));
  }

  load(bars: readonly Bar[]): void {
    if (bars[0]) this.intervalMs = bars[0].intervalMs;
    this.held = bars.slice(-HELD);
    this.lastTs = this.held.at(-1)?.ts ?? -1;
    this.draw(Math.max(0, this.held.length - LIVE_WINDOW));
    this.chart.timeScale().scrollToRealTime();
  }

  /** Appends new bars (and updates the last one) from `bars`, the instrument's list: only its tail is read. */
  push(bars: readonly Bar[]): void {
    let start = bars.length;
    while (start > 0 && bars[start - 1]!.ts > this.lastTs) start--;
    // The last drawn bar again only if the list holds another one for its time (a live bar updated).
    if (start > 0 && bars[start - 1]!.ts === this.lastTs && bars[start - 1] !== this.held.at(-1)) start--;
    if (start === bars.length) return;
    // Each bar is an update of each series: a setData costs more than a few updates (it merges every series' times again).
    for (let i = start; i < bars.length; i++) {
      const bar = bars[i]!;
      this.candles.update(this.toCandle(bar));
      this.volume.update(this.toVolume(bar));
      this.overlays.push(bar);
      if (bar.ts > this.lastTs) this.held.push(bar);
      else this.held[this.held.length - 1] = bar;
      this.lastTs = bar.ts;
    }
    if (this.held.length - this.drawnFrom > LIVE_WINDOW + SLIDE_EVERY) this.slide();
    this.mark();
  }

  /**
   * Redraws from the live window's start, dropping only bars well out of sight: none while the
   * trader looks back, fewer when the view is wider than the window (zoomed out). Waits until at
   * least SLIDE_EVERY bars can go, so a redraw stays rare.
   */
  private slide(): void {
    const visible = this.chart.timeScale().getVisibleLogicalRange();
    const keepFrom = visible ? this.drawnFrom + Math.floor(visible.from) - 20 : Infinity;
    const from = Math.min(this.held.length - LIVE_WINDOW, keepFrom);
    if (from - this.drawnFrom < SLIDE_EVERY) return;
    // The bars held past HELD go too (the oldest, never drawn after this).
    const dropped = Math.max(0, Math.min(from, this.held.length - HELD));
    this.held = this.held.slice(dropped);
    this.drawnFrom -= dropped;
    const shift = from - dropped - this.drawnFrom;
    this.draw(from - dropped);
    if (visible) this.chart.timeScale().setVisibleLogicalRange({ from: visible.from - shift, to: visible.to - shift });
  }

  /** The trader scrolled to the first drawn bar: draws up to a window of older bars, keeping the view where it is. */
  private drawOlder(visible: { from: number; to: number }): void {
    const from = Math.max(0, this.drawnFrom - LIVE_WINDOW);
    const shift = this.drawnFrom - from;
    this.draw(from);
    this.chart.timeScale().setVisibleLogicalRange({ from: visible.from + shift, to: visible.to + shift });
  }

  /** Sets every series from the held bar at `from` on (indicators are computed over all held bars). */
  private draw(from: number): void {
    this.drawnFrom = from;
    const drawn = this.held.slice(from);
    this.candles.setData(drawn.map((b) => this.toCandle(b)));
    this.volume.setData(drawn.map((b) => this.toVolume(b)));
    this.overlays.load(this.held, from);
    this.drawMarkers();
    this.mark();
  }

  dispose(): void {
    this.chart.remove();
  }

  private mark(): void {
    this.container.dataset['candles'] = String(this.held.length);
    this.container.dataset['drawn'] = String(this.held.length - this.drawnFrom);
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
