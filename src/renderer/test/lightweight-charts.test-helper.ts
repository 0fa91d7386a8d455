/**
 * lightweight-charts draws on a canvas, which happy-dom does not have: component tests replace it
 * with this module (`vi.mock('lightweight-charts', () => import(…this file…))`). Every chart and
 * series is a recorder; `series` keeps each series' setData and update calls, `timeScale` the visible range.
 */
export const series: { kind: string; setData: unknown[][]; update: unknown[] }[] = [];

/** A value any property or call of which is again such a value (options, scales, panes …). */
const anything = (): unknown =>
  new Proxy(() => {}, {
    get: (_t, key) => (key === 'then' ? undefined : anything()),
    apply: () => anything(),
  });

function recordedSeries(kind: { name: string }) {
  const s = { kind: kind.name, setData: [] as unknown[][], update: [] as unknown[] };
  series.push(s);
  const recorded: Record<string, (x: unknown) => unknown> = {
    setData: (d) => s.setData.push(d as unknown[]),
    update: (p) => s.update.push(p),
  };
  return new Proxy({}, { get: (_t, key) => recorded[String(key)] ?? anything() });
}

type LogicalRange = { from: number; to: number };
/**
 * The time scale's visible logical range, as the chart last set it or a test scrolls it (`scrollTo`
 * calls the chart's range listeners as lightweight-charts does); `null` before anything is drawn.
 */
export const timeScale = {
  visible: null as LogicalRange | null,
  listeners: [] as ((range: LogicalRange | null) => void)[],
  scrollTo(range: LogicalRange): void {
    this.visible = range;
    for (const l of this.listeners) l(range);
  },
};
const timeScaleApi = new Proxy(
  {
    getVisibleLogicalRange: () => timeScale.visible,
    setVisibleLogicalRange: (range: LogicalRange) => timeScale.scrollTo(range),
    subscribeVisibleLogicalRangeChange: (l: (range: LogicalRange | null) => void) => timeScale.listeners.push(l),
  } as Record<string, unknown>,
  { get: (t, key) => t[String(key)] ?? anything() },
);

export const createChart = () =>
  new Proxy({}, { get: (_t, key) => (key === 'addSeries' ? recordedSeries : key === 'timeScale' ? () => timeScaleApi : anything()) });
export const createSeriesMarkers = () => ({ setMarkers: () => {} });
export const CandlestickSeries = { name: 'candles' };
export const HistogramSeries = { name: 'histogram' };
export const LineSeries = { name: 'line' };
export const AreaSeries = { name: 'area' };
export const BaselineSeries = { name: 'baseline' };
export const ColorType = { Solid: 'solid' };
export const LineStyle = { Solid: 0, Dotted: 1, Dashed: 2 };
export const CrosshairMode = { Normal: 0 };
