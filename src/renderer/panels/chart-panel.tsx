import { useEffect, useRef, useState } from 'react';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import { formatPrice, formatVolume } from '../components/format.ts';
import { Panel } from '../components/panel.tsx';
import { useMarket } from '../state/market-store.ts';
import { useOrders } from '../state/orders-store.ts';
import { useApi } from '../components/api-context.ts';
import { openTrace } from '../components/decision-card.tsx';
import { CandleChart } from './candle-chart.ts';
import { followAnomalies } from './anomaly-markers.ts';
import { useAnalysis } from '../state/analysis-store.ts';
import { useNews } from '../state/news-store.ts';
import { isOscillatorKind, OSCILLATORS, type OscillatorKind } from './oscillator-pane.ts';

const OSCILLATOR_KEY = 'quorum.chart.oscillator';
/** The trader's last choice, kept by the browser (RSI until there is one). */
function savedOscillator(): OscillatorKind {
  const saved = localStorage.getItem(OSCILLATOR_KEY) ?? '';
  return isOscillatorKind(saved) ? saved : 'rsi';
}

/** The live chart of the selected instrument. Bars reach the chart through a store subscription. */
export function ChartPanel() {
  const host = useRef<HTMLDivElement>(null);
  const api = useApi();
  const instruments = useMarket((s) => s.instruments);
  const selected = useMarket((s) => s.selected);
  const last = useMarket((s) => (s.selected ? s.bars[s.selected]?.at(-1) : undefined));
  const regime = useAnalysis((s) => (selected ? s.regimes[selected]?.at(-1) : undefined));
  const delayed = useMarket((s) => (s.selected ? (s.depth[s.selected]?.delayed ?? false) : false));
  const tick = instruments.find((i) => i.id === selected)?.tickSize;
  const price = (x: number) => formatPrice(x, tick);
  const [oscillator, setOscillator] = useState(savedOscillator);
  const chartRef = useRef<CandleChart | null>(null);

  useEffect(() => {
    const chart = new CandleChart(host.current!, savedOscillator());
    chartRef.current = chart;
    const sync = (s = useMarket.getState(), reload = true) => {
      const bars = s.selected ? (s.bars[s.selected] ?? []) : [];
      // The exchange's time where the instrument has a zone (an IB stock resolved through IB), else UTC.
      if (reload) {
        chart.setTimeZone(s.instruments.find((i) => i.id === s.selected)?.timeZone);
        chart.load(bars);
      } else chart.push(bars);
    };
    sync();
    const showFills = () => {
      const id = useMarket.getState().selected;
      chart.setFills(useOrders.getState().fills.filter((f) => f.instrumentId === id));
    };
    const showNews = () => {
      const id = useMarket.getState().selected;
      chart.setNews((useNews.getState().snapshot?.headlines ?? []).filter((h) => id !== null && h.instrumentIds.includes(id)));
    };
    showFills();
    showNews();
    const offAnomalies = followAnomalies(api, chart);
    // A click on a bar with our fills opens the decision card of the first of them.
    chart.onBarClick((barTs) => {
      const id = useMarket.getState().selected;
      const bar = useMarket.getState().bars[id ?? '']?.find((b) => b.ts === barTs);
      const fill = useOrders.getState().fills.find((f) => f.instrumentId === id && bar && f.ts >= bar.ts && f.ts < bar.ts + bar.intervalMs);
      if (fill) void openTrace(api, { fillId: fill.fillId });
    });
    const showRegimes = () => {
      const id = useMarket.getState().selected;
      const points = useAnalysis.getState().regimes[id ?? ''] ?? [];
      chart.overlays.setRegimes(points);
      host.current!.dataset['regimeBars'] = String(points.length);
      host.current!.dataset['regime'] = points.at(-1)?.label ?? '';
    };
    showRegimes();
    // New bars, regimes and fills reach the chart after the next frame, in a task of their own: the
    // frame lays out and paints what the engine's batch changed in every panel, the chart draws in
    // the frame after (in one frame they made tasks over 50 ms at 50 bars a second).
    const pending = new Set<'bars' | 'regimes' | 'fills' | 'news'>();
    /** Moves on whenever what waits is stale (a reload, the panel gone). */
    let generation = 0;
    const refreshSoon = (what: 'bars' | 'regimes' | 'fills' | 'news') => {
      if (pending.size === 0) {
        const mine = generation;
        requestAnimationFrame(() =>
          window.setTimeout(() => {
            if (mine !== generation) return;
            if (pending.has('bars')) sync(useMarket.getState(), false);
            if (pending.has('regimes')) showRegimes();
            if (pending.has('fills')) showFills();
            if (pending.has('news')) showNews();
            pending.clear();
          }),
        );
      }
      pending.add(what);
    };
    const offRegimes = useAnalysis.subscribe((s, prev) => {
      if (s.regimes !== prev.regimes) refreshSoon('regimes');
    });
    const offFills = useOrders.subscribe((s, prev) => {
      if (s.fills !== prev.fills) refreshSoon('fills');
    });
    const offNews = useNews.subscribe((s, prev) => {
      if (s.snapshot !== prev.snapshot) refreshSoon('news');
    });
    const off = useMarket.subscribe((s, prev) => {
      if (s.resetVersion !== prev.resetVersion || s.selected !== prev.selected) {
        generation++;
        pending.clear();
        sync(s, true);
        showFills();
        showRegimes();
        showNews();
      } else if (s.bars !== prev.bars) refreshSoon('bars');
    });
    return () => {
      generation++;
      off();
      offFills();
      offNews();
      offRegimes();
      offAnomalies();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    localStorage.setItem(OSCILLATOR_KEY, oscillator);
    const s = useMarket.getState();
    chartRef.current?.showOscillator(oscillator, s.selected ? (s.bars[s.selected] ?? []) : []);
  }, [oscillator]);

  const picker = (
    <>
      <select
        className="instrument-picker"
        value={oscillator}
        onChange={(e) => setOscillator(e.target.value as OscillatorKind)}
        aria-label="Oscillator pane"
        data-testid="oscillator-picker"
      >
        {Object.entries(OSCILLATORS).map(([kind, label]) => (
          <option key={kind} value={kind}>
            {label}
          </option>
        ))}
      </select>
      <select
        className="instrument-picker"
        value={selected ?? ''}
        onChange={(e) => useMarket.getState().select(e.target.value as InstrumentId)}
        aria-label="Instrument"
      >
        {instruments.map((i) => (
          <option key={i.id} value={i.id}>
            {i.symbol} · {i.venue}
          </option>
        ))}
      </select>
    </>
  );
  return (
    <Panel title="Chart" id="chart" area="chart" actions={picker}>
      <div className="chart-legend">
        {delayed && (
          <span
            className="badge warn"
            data-testid="chart-delayed"
            title="IB's delayed data: the account has no market data subscription for it"
          >
            DELAYED
          </span>
        )}{' '}
        {last ? (
          <>
            O <b>{price(last.open)}</b> H <b>{price(last.high)}</b> L <b>{price(last.low)}</b> C <b>{price(last.close)}</b> V{' '}
            <b>{formatVolume(last.volume)}</b>
            {regime ? <RegimeLegend regime={regime} /> : null}
          </>
        ) : (
          'Waiting for the first bar from the engine…'
        )}
      </div>
      <div className="chart-host" ref={host} data-testid="chart" />
    </Panel>
  );
}

/** What the strip along the top of the chart means: the regime watcher's likeliest state, and how sure it is. */
function RegimeLegend({ regime }: { regime: { label: string; probabilities: number[]; labels: string[] } }) {
  const p = regime.probabilities[regime.labels.indexOf(regime.label)] ?? 0;
  return (
    <span className="regime-legend" title="the strip along the top: the regime watcher's likeliest state per bar">
      {' '}
      · regime <span className={`regime-swatch ${regime.label}`} /> <b>{regime.label}</b> {(p * 100).toFixed(0)}%
    </span>
  );
}
