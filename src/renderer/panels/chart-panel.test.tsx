import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BarSchema } from '../../shared/domain/market.ts';
import { InstrumentSchema } from '../../shared/domain/instrument.ts';
import { useAnalysis } from '../state/analysis-store.ts';
import { marketFeed, useMarket } from '../state/market-store.ts';
import { useOrders } from '../state/orders-store.ts';
import { cleanup, fakeEngine, renderWithEngine } from '../test/fake-engine.test-helper.tsx';
import { ChartPanel } from './chart-panel.tsx';
import { series } from '../test/lightweight-charts.test-helper.ts';

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

beforeEach(() => {
  series.length = 0;
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
    marketFeed.events!.BarClosed!([bar(0), bar(1)].map((b) => ({ type: 'BarClosed', tsEvent: b.ts, tsInit: b.ts, source: 't', bar: b })));
    marketFeed.events!.BarClosed!([{ type: 'BarClosed', tsEvent: 0, tsInit: 0, source: 't', bar: bar(2) }]);
    const host = screen.getByTestId('chart');
    expect(host.getAttribute('data-candles')).toBe('3');
    // Each new bar is an update (the last one drawn may be updated again, as a live candle is).
    expect(new Set(candles.update.map((p) => (p as { time: number }).time)).size).toBe(3);
    expect(candles.setData.filter((d) => d.length > 0)).toEqual([]);
    expect((await screen.findByText('102.50')).tagName).toBe('B');
    // The anomaly markers asked once, for the selected instrument.
    expect(engine.calls).toEqual([{ method: 'risk.alerts', params: { code: 'MARKET_ANOMALY', instrumentId: 'SIM:ALPHA', limit: 2_000 } }]);
  });

  it('remembers the oscillator the trader picks', () => {
    renderWithEngine(<ChartPanel />, fakeEngine({ 'risk.alerts': () => [] }));
    fireEvent.change(screen.getByTestId('oscillator-picker'), { target: { value: 'macd' } });
    expect(localStorage.getItem('quorum.chart.oscillator')).toBe('macd');
    expect(screen.getByTestId('chart').getAttribute('data-oscillator')).toBe('macd');
  });
});
