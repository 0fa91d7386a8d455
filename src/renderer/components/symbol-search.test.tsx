import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Instrument, InstrumentId } from '../../shared/domain/instrument.ts';
import { RpcError } from '../../shared/contracts/rpc-errors.ts';
import { useMarket } from '../state/market-store.ts';
import { cleanup, fakeEngine, renderWithEngine } from '../test/fake-engine.test-helper.tsx';
import { SymbolSearch } from './symbol-search.tsx';

const alpha = { id: 'SIM:ALPHA' as InstrumentId, symbol: 'ALPHA', venue: 'SIM', currency: 'USD', tickSize: 0.01, lotSize: 1 } as Instrument;
const match = (symbol: string, conId: number, description: string) => ({
  conId,
  symbol,
  secType: 'STK',
  primaryExchange: 'NASDAQ',
  currency: 'USD',
  description,
});

beforeEach(() => {
  vi.useFakeTimers();
  useMarket.setState({ instruments: [alpha], selected: null });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** Types into the search and lets the pause before asking pass, and the answer arrive. */
async function type(text: string) {
  fireEvent.change(screen.getByRole('textbox', { name: 'Symbol' }), { target: { value: text } });
  await act(async () => {
    await vi.advanceTimersByTimeAsync(300);
  });
}
const key = (k: string) => fireEvent.keyDown(screen.getByRole('textbox', { name: 'Symbol' }), { key: k });

describe('the symbol search', () => {
  it('asks once typing pauses, lists the session’s instruments before IB’s, and picks with the arrows and Enter', async () => {
    const engine = fakeEngine({
      'instruments.search': (p) => {
        const text = (p as { text: string }).text;
        return text === 'a'
          ? { session: [alpha], ib: [match('AAPL', 265598, 'APPLE INC'), match('AMZN', 4215235, 'AMAZON.COM INC')], ibError: null }
          : { session: [], ib: [], ibError: null };
      },
      'instruments.add': (p) => ({
        details: {
          id: 'IB:AMZN',
          conId: 4215235,
          symbol: (p as { symbol: string }).symbol,
          secType: 'STK',
          exchange: 'SMART',
          primaryExchange: 'NASDAQ',
          currency: 'USD',
          longName: 'AMAZON.COM INC',
          minTick: 0.01,
          multiplier: 1,
          timeZone: 'US/Eastern',
          tradingHours: '',
          liquidHours: '',
          resolvedAt: 1,
        },
        message: 'AMZN (AMAZON.COM INC, USD, tick 0.01) added: the engine restarts with it now',
      }),
    });
    const onClose = vi.fn();
    renderWithEngine(<SymbolSearch onClose={onClose} />, engine);
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Symbol' }));
    await type('a');
    expect(engine.calls).toEqual([{ method: 'instruments.search', params: { text: 'a' } }]);
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      'ALPHA SIM:ALPHA · in this session: show it',
      'AAPL APPLE INC NASDAQ · USD · IB: add it',
      'AMZN AMAZON.COM INC NASDAQ · USD · IB: add it',
    ]);
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');
    key('ArrowDown');
    key('ArrowDown');
    key('ArrowDown'); // stays on the last
    expect(screen.getAllByRole('option')[2]!.getAttribute('aria-selected')).toBe('true');
    key('Enter');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(engine.calls.at(-1)).toEqual({ method: 'instruments.add', params: { symbol: 'AMZN', currency: 'USD' } });
    expect(screen.getByTestId('symbol-search-outcome').textContent).toBe(
      'AMZN (AMAZON.COM INC, USD, tick 0.01) added: the engine restarts with it now',
    );

    // The session's own instrument: Enter shows it and closes the search.
    key('ArrowUp');
    key('ArrowUp');
    key('Enter');
    expect(useMarket.getState().selected).toBe('SIM:ALPHA');
    expect(onClose).toHaveBeenCalledTimes(1);
    key('Escape');
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('says why IB was not asked, and what IB refused', async () => {
    const engine = fakeEngine({
      'instruments.search': () => ({
        session: [],
        ib: [match('NOPE', 1, 'NOT A STOCK')],
        ibError: null,
      }),
      'instruments.add': () => {
        throw new RpcError(
          'handler_failed',
          'instruments.add: the details of NOPE: IB answered 200: No security definition has been found',
        );
      },
    });
    renderWithEngine(<SymbolSearch onClose={() => {}} />, engine);
    await type('nope');
    key('Enter');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByTestId('symbol-search-outcome').textContent).toMatch(/IB answered 200: No security definition/);
    expect(screen.getByTestId('symbol-search-outcome').className).toContain('error');
  });

  it('still lists the session’s instruments when IB cannot be reached, saying why', async () => {
    const engine = fakeEngine({
      'instruments.search': () => ({ session: [alpha], ib: [], ibError: 'IB: nothing is listening at 127.0.0.1:4002: is TWS running?' }),
    });
    renderWithEngine(<SymbolSearch onClose={() => {}} />, engine);
    await type('al');
    expect(screen.getAllByRole('option')).toHaveLength(1);
    expect(screen.getByTestId('symbol-search-ib-error').textContent).toMatch(/nothing is listening/);
  });
});
