import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BarSchema } from '../../shared/domain/market.ts';
import { InstrumentSchema } from '../../shared/domain/instrument.ts';
import { useAnalysis } from '../state/analysis-store.ts';
import { marketFeed, useMarket } from '../state/market-store.ts';
import { useOrders } from '../state/orders-store.ts';
import { cleanup, fakeEngine, renderWithEngine } from '../test/fake-engine.test-helper.tsx';
import { ChartPanel } from './chart-panel.tsx';
import { series, timeScale } from '../test/lightweight-charts.test-helper.ts';
import { LIVE_WINDOW } from './candle-chart.ts';

// lightweight-charts draws on a canvas, which happy-dom does not have: the one module mocked.
vi.mock('lightweight-charts', () => import('../test/lightweight-charts.test-helper.ts'));

const alpha = InstrumentSchema.parse({ id: 'SIM:ALPHA', symbol: 'ALPHA', venue: 'SIM', currency: 'USD', tickSize: 0.01, lotSize: 1 });
const bar = (i: number) =>
  BarSchema.parse({
    instrumentId: 'SIM:ALPHA',
    ts: 1_700_000_000_000 + i * 60_000,
    intervalMs: 60_000,
    open: 100 + i,
    high: 101 + i,
    low: 99 + i,
    close: 100.5 + i,
    volume: 1_000,
  });

/** Bars `from` to `to` (excluded) as one batch from the engine; resolves once the chart took them (after the next frame). */
const closed = async (from: number, to: number) => {
  const events = Array.from({ length: to - from }, (_, k) => bar(from + k)).map((b) => ({
    type: 'BarClosed' as const,
    tsEvent: b.ts,
    tsInit: b.ts,
    source: 't',
    bar: b,
  }));
  marketFeed.events!.BarClosed!(events);
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
};

/** The chart panel after `count` bars in batches of ten, as a fast replay sends them. */
async function chartWithBars(count: number) {
  renderWithEngine(<ChartPanel />, fakeEngine({ 'risk.alerts': () => [] }));
  const host = screen.getByTestId('chart');
  for (let i = 0; i < count; i += 10) await closed(i, i + 10);
  return {
    host,
    candles: series.find((s) => s.kind === 'candles')!,
    drawn: () => Number(host.getAttribute('data-drawn')),
  };
}

beforeEach(() => {
  series.length = 0;
  timeScale.visible = null;
  timeScale.listeners.length = 0;
  useMarket.setState({ instruments: [alpha], selected: alpha.id, bars: {}, tape: {}, depth: {}, resetVersion: 0 });
  useAnalysis.setState({ regimes: {} });
  useOrders.setState({ fills: [] });
});
afterEach(cleanup);

describe('the chart panel', () => {
  it('says it waits for the first bar, then draws the bars the engine sends one by one (never reloading the series)', async () => {
    const engine = fakeEngine({ 'risk.alerts': () => [] });
    renderWithEngine(<ChartPanel />, engine);
    expect(screen.getByText('Waiting for the first bar from the engine…')).toBeTruthy();
    const candles = series.find((s) => s.kind === 'candles')!;
    const time = (i: number) => bar(i).ts / 1000;
    await closed(0, 2);
    await closed(2, 3);
    await closed(3, 4);
    const host = screen.getByTestId('chart');
    expect(host.getAttribute('data-candles')).toBe('4');
    // Each new bar is an update, once: the bars drawn before are not sent again.
    expect(candles.update.map((p) => (p as { time: number }).time)).toEqual([0, 1, 2, 3].map(time));
    expect(candles.setData.filter((d) => d.length > 0)).toEqual([]);
    expect((await screen.findByText('103.50')).tagName).toBe('B');
    // The anomaly markers asked once, for the selected instrument.
    expect(engine.calls).toEqual([{ method: 'risk.alerts', params: { code: 'MARKET_ANOMALY', instrumentId: 'SIM:ALPHA', limit: 2_000 } }]);
  });

  it('draws a window of the newest bars while following the market, and the older ones when the trader scrolls back to its start', async () => {
    // The series is redrawn from the window's start now and then.
    const { host, candles, drawn } = await chartWithBars(1_000);
    expect(host.getAttribute('data-candles')).toBe('1000');
    const set = candles.setData.at(-1) as { time: number }[];
    const firstDrawn = 1_000 - drawn();
    expect(set).toHaveLength(LIVE_WINDOW);
    expect(set[0]!.time).toBe(bar(firstDrawn).ts / 1000);
    // After that redraw, each bar was an update.
    expect(candles.update.slice(-(drawn() - LIVE_WINDOW))[0]).toMatchObject({ time: bar(firstDrawn + LIVE_WINDOW).ts / 1000 });
    expect(drawn()).toBeGreaterThan(LIVE_WINDOW);
    expect(drawn()).toBeLessThan(LIVE_WINDOW * 2);
    /** The held bar at the view's left edge. */
    const barInView = () => Number(host.getAttribute('data-candles')) - drawn() + timeScale.visible!.from;
    // The trader scrolls to the first drawn bar: up to a window of older bars is drawn and the view stays on the same bars.
    timeScale.scrollTo({ from: 2, to: 100 });
    expect(drawn()).toBe(1_000 - firstDrawn + Math.min(firstDrawn, LIVE_WINDOW));
    expect(barInView()).toBe(firstDrawn + 2);
    // While the trader looks back, new bars never take the bars in view away, nor move the view.
    await closed(1_000, 1_400);
    expect(barInView()).toBe(firstDrawn + 2);
    expect(timeScale.visible!.from).toBeGreaterThanOrEqual(10);
    // Back at the newest bars, the next bar slides the window again; the view keeps its bars.
    timeScale.scrollTo({ from: drawn() - 100, to: drawn() - 1 });
    await closed(1_400, 1_401);
    expect(drawn()).toBe(LIVE_WINDOW);
    expect(barInView()).toBe(1_300);
    expect(host.getAttribute('data-candles')).toBe('1401');
  });

  it('keeps every bar in view when the trader zooms out past the window, and slides again once they zoom back in', async () => {
    const { candles, drawn } = await chartWithBars(1_000);
    const firstDrawn = 1_000 - drawn();
    // All but 30 of the drawn bars in view, more than the window: 400 more bars drop none of them and redraw nothing.
    timeScale.scrollTo({ from: 30, to: drawn() - 1 });
    const redraws = candles.setData.length;
    for (let i = 1_000; i < 1_400; i += 10) await closed(i, i + 10);
    expect(candles.setData).toHaveLength(redraws);
    expect(drawn()).toBe(1_400 - firstDrawn);
    // Zoomed in on the newest 100 bars, the next bar redraws from the window's start, the view on the same bars.
    const view = { from: drawn() - 100, to: drawn() - 1 };
    timeScale.scrollTo(view);
    await closed(1_400, 1_401);
    expect(drawn()).toBe(LIVE_WINDOW);
    const shift = 1_401 - LIVE_WINDOW - firstDrawn;
    expect(timeScale.visible).toEqual({ from: view.from - shift, to: view.to - shift });
  });

  it('remembers the oscillator the trader picks', () => {
    renderWithEngine(<ChartPanel />, fakeEngine({ 'risk.alerts': () => [] }));
    fireEvent.change(screen.getByTestId('oscillator-picker'), { target: { value: 'macd' } });
    expect(localStorage.getItem('quorum.chart.oscillator')).toBe('macd');
    expect(screen.getByTestId('chart').getAttribute('data-oscillator')).toBe('macd');
  });
});
