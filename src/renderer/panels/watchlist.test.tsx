import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProfileSettingsSchema } from '../../shared/domain/settings.ts';
import type { Instrument, InstrumentId } from '../../shared/domain/instrument.ts';
import type { Bar } from '../../shared/domain/market.ts';
import { useMarket } from '../state/market-store.ts';
import { cleanup, fakeEngine, renderWithEngine } from '../test/fake-engine.test-helper.tsx';
import { TapePanel } from './tape-panel.tsx';
import { trendPoints, watchRows } from './watchlist-rows.ts';

const DAY = 86_400_000;
const instrument = (symbol: string): Instrument =>
  ({ id: `SIM:${symbol}` as InstrumentId, symbol, venue: 'SIM', currency: 'USD', tickSize: 0.01, lotSize: 1 }) as Instrument;
const bar = (symbol: string, ts: number, close: number, volume = 100): Bar =>
  ({ instrumentId: `SIM:${symbol}`, intervalMs: 3_600_000, ts, open: close, high: close, low: close, close, volume }) as Bar;

const alpha = instrument('ALPHA');
const bravo = instrument('BRAVO');
beforeEach(() =>
  useMarket.setState({
    instruments: [alpha, bravo],
    selected: alpha.id,
    // ALPHA: yesterday closed at 100; today 101, then 102 (volumes 10 and 20).
    bars: {
      [alpha.id]: [
        bar('ALPHA', DAY - 3_600_000, 99),
        bar('ALPHA', DAY * 2 - 3_600_000, 100),
        bar('ALPHA', DAY * 2, 101, 10),
        bar('ALPHA', DAY * 2 + 3_600_000, 102, 20),
      ],
    },
    depth: {
      [alpha.id]: {
        bids: [{ price: 101.99, quantity: 5, orders: 1, ours: 0 }],
        asks: [{ price: 102.01, quantity: 7, orders: 2, ours: 0 }],
        ts: 1,
        instrumentId: alpha.id,
        source: 'book',
        note: null,
        delayed: false,
      },
    },
    tape: {},
  }),
);
afterEach(cleanup);

describe('the watchlist', () => {
  it('computes last, change from the day before, bid/ask, the day’s volume and the trend from what the engine pushed', () => {
    const s = useMarket.getState();
    const [a, b] = watchRows(s.instruments, s.bars, s.depth, s.tape);
    expect(a).toEqual({
      id: 'SIM:ALPHA',
      symbol: 'ALPHA',
      venue: 'SIM',
      last: 102,
      change: 2,
      changePct: 0.02,
      bid: 101.99,
      ask: 102.01,
      volume: 30,
      trend: [99, 100, 101, 102],
    });
    // No bars yet: said as dashes, never invented.
    expect(b).toMatchObject({ last: null, change: null, bid: null, ask: null, volume: 0, trend: [] });
    // A print newer than the last bar is the last price.
    const withPrint = watchRows(s.instruments, s.bars, s.depth, {
      [alpha.id]: [{ ts: DAY * 2 + 3_600_001, price: 103, quantity: 1, aggressor: 'buy', ours: false, n: 1 }],
    });
    expect(withPrint[0]).toMatchObject({ last: 103, change: 3 });
    expect(trendPoints([1, 2, 3], 10, 4)).toBe('0.0,4.0 5.0,2.0 10.0,0.0');
    expect(trendPoints([5, 5], 10, 4)).toBe('0.0,2.0 10.0,2.0');
  });

  it('is a tab beside the tape; a row, or the arrow keys, select the instrument the chart, ladder and tape show', () => {
    renderWithEngine(<TapePanel />, fakeEngine({ 'settings.get': () => settingsAnswer([]) }));
    fireEvent.click(screen.getByRole('tab', { name: 'Watchlist' }));
    const table = screen.getByTestId('watchlist');
    const rows = table.querySelectorAll('tbody tr');
    expect([...rows].map((r) => r.textContent)).toEqual(['ALPHA102.00+2.00 %101.99102.0130', 'BRAVO––––0']);
    fireEvent.click(rows[1]!);
    expect(useMarket.getState().selected).toBe('SIM:BRAVO');
    fireEvent.keyDown(table, { key: 'ArrowUp' });
    expect(useMarket.getState().selected).toBe('SIM:ALPHA');
    expect(table.querySelector('tr[aria-selected=true]')!.getAttribute('data-instrument')).toBe('SIM:ALPHA');
  });

  it('shows which instruments the agents trade and changes the setting from a row (the engine restarts on it)', async () => {
    const saved: unknown[] = [];
    const engine = fakeEngine({
      'settings.get': () => settingsAnswer(['SIM:ALPHA']),
      'settings.save': (params) => {
        saved.push(params);
        return { saved: true, problems: [], message: 'saved; the engine restarts on the new settings' };
      },
    });
    renderWithEngine(<TapePanel />, engine);
    fireEvent.click(screen.getByRole('tab', { name: 'Watchlist' }));
    const alphaBox = (await screen.findByLabelText('Agents trade ALPHA')) as HTMLInputElement;
    await vi.waitFor(() => expect(alphaBox.checked).toBe(true));
    const bravoBox = screen.getByLabelText('Agents trade BRAVO') as HTMLInputElement;
    expect(bravoBox.checked).toBe(false);
    // Trading both is trading all: the setting goes back to its default (none listed).
    fireEvent.click(bravoBox);
    await vi.waitFor(() => expect(saved).toEqual([{ edits: [{ path: 'session.instruments', value: [] }], by: 'ui' }]));
    await vi.waitFor(() => expect((screen.getByLabelText('Agents trade BRAVO') as HTMLInputElement).checked).toBe(true));
    // The selection does not move when a box is clicked.
    expect(useMarket.getState().selected).toBe('SIM:ALPHA');
    fireEvent.click(screen.getByLabelText('Agents trade ALPHA'));
    await vi.waitFor(() => expect(saved.at(-1)).toEqual({ edits: [{ path: 'session.instruments', value: ['SIM:BRAVO'] }], by: 'ui' }));
    await vi.waitFor(() => expect((screen.getByLabelText('Agents trade ALPHA') as HTMLInputElement).checked).toBe(false));
    // The last one traded stays: the agents are turned off with their own switch.
    fireEvent.click(screen.getByLabelText('Agents trade BRAVO'));
    expect((await screen.findByTestId('watchlist-error')).textContent).toMatch(/at least one instrument/);
    expect(saved).toHaveLength(2);
  });
});

function settingsAnswer(instruments: string[]) {
  const settings = ProfileSettingsSchema.parse({});
  return {
    settings: { ...settings, session: { ...settings.session, instruments } },
    sources: {},
    file: {},
    path: '/profile/settings.json',
  };
}
