import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OptimizerMethodSchema } from '../../../shared/domain/consensus.ts';
import { backtestFeed, useBacktests } from '../../state/backtest-store.ts';
import { cleanup, fakeEngine, renderWithEngine } from '../../test/fake-engine.test-helper.tsx';
import { BacktestView } from './backtest-view.tsx';

// The equity and drawdown charts draw on a canvas, which happy-dom does not have.
vi.mock('lightweight-charts', () => import('../../test/lightweight-charts.test-helper.ts'));

const sp500 = {
  name: 'sp500-2000.csv',
  source: 'bundled',
  bars: 5_104,
  intervalMs: 86_400_000,
  from: '2000-01-03',
  to: '2020-04-13',
  instruments: ['SPX'],
};
const run = (status: 'running' | 'done', done: number) => ({
  id: 7,
  kind: 'sweep' as const,
  label: 'sp500-2000.csv',
  status,
  done,
  failed: 0,
  total: 2,
  createdAt: 1,
  finishedAt: status === 'done' ? 2 : null,
});

beforeEach(() => useBacktests.setState({ ...useBacktests.getInitialState(), open: true }));
afterEach(cleanup);

const download = (state: 'connecting' | 'running' | 'done' | 'failed', page = 0, error: string | null = null) => ({
  name: 'MSFT-1d-2024-01-01-2024-02-29.csv',
  symbol: 'MSFT',
  bar: '1d' as const,
  from: '2024-01-01',
  to: '2024-02-29',
  state,
  page,
  pages: 2,
  bars: page * 20,
  error,
});

describe('the backtests view', () => {
  it('downloads bars from IB: the form asks the engine, the pushed progress shows, a finished file joins the data files and is chosen', async () => {
    let files = [sp500];
    const engine = fakeEngine({
      'backtests.inputs': () => files,
      'backtests.download': (params: unknown) => {
        if ((params as { symbol: string }).symbol === 'BAD!')
          throw new Error('symbol: a symbol is 1 to 12 letters, digits or dots (AAPL, BRK.B)');
        return { name: 'MSFT-1d-2024-01-01-2024-02-29.csv' };
      },
    });
    renderWithEngine(<BacktestView />, engine);
    await screen.findByText('sp500-2000.csv');
    fireEvent.click(screen.getByText('Download from IB…'));
    fireEvent.change(screen.getByLabelText('download symbol'), { target: { value: 'BAD!' } });
    fireEvent.click(screen.getByText('Download'));
    expect((await screen.findByTestId('ib-download-error')).textContent).toBe(
      'symbol: a symbol is 1 to 12 letters, digits or dots (AAPL, BRK.B)',
    );

    fireEvent.change(screen.getByLabelText('download symbol'), { target: { value: 'MSFT' } });
    fireEvent.change(screen.getByLabelText('download from'), { target: { value: '2024-01-01' } });
    fireEvent.change(screen.getByLabelText('download to'), { target: { value: '2024-02-29' } });
    fireEvent.click(screen.getByText('Download'));
    await vi.waitFor(() =>
      expect(engine.calls.at(-1)).toEqual({
        method: 'backtests.download',
        params: { symbol: 'MSFT', bar: '1d', what: 'TRADES', from: '2024-01-01', to: '2024-02-29' },
      }),
    );
    backtestFeed.views!.downloads!.apply([download('running', 1)]);
    const progress = (await screen.findByLabelText('MSFT-1d-2024-01-01-2024-02-29.csv progress')) as HTMLProgressElement;
    expect([progress.value, progress.max]).toEqual([1, 2]);
    expect(screen.getByTestId('ib-downloads').textContent).toMatch(/1\/2 requests · 20 bars/);

    files = [sp500, { ...sp500, name: 'MSFT-1d-2024-01-01-2024-02-29.csv', source: 'imported', bars: 40 }];
    backtestFeed.views!.downloads!.apply([download('done', 2)]);
    const chosen = (await screen.findByLabelText(/MSFT-1d-2024-01-01-2024-02-29\.csv/, { selector: 'input' })) as HTMLInputElement;
    await vi.waitFor(() => expect(chosen.checked).toBe(true));
    expect(screen.getByTestId('ib-downloads').textContent).toMatch(/40 bars, ready/);

    backtestFeed.views!.downloads!.apply([download('failed', 1, 'nothing is listening on 127.0.0.1:4002')]);
    expect((await screen.findByText('nothing is listening on 127.0.0.1:4002')).className).toBe('error');
  });

  it('asks for the data files when it opens, offers every optimizer the engine knows, and shows pushed runs with their progress', async () => {
    const engine = fakeEngine({ 'backtests.inputs': () => [sp500] });
    renderWithEngine(<BacktestView />, engine);
    expect(await screen.findByText('sp500-2000.csv')).toBeTruthy();
    const options = [...(screen.getByLabelText('Optimizer') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(OptimizerMethodSchema.options);
    expect(screen.getByText(/No runs yet/)).toBeTruthy();
    backtestFeed.views!.backtests!.apply([run('running', 1)]);
    const row = (await screen.findByTestId('backtest-runs')).querySelector('tr[data-run="7"]')!;
    expect(row.getAttribute('data-status')).toBe('running');
    expect(row.textContent).toMatch(/1\/2/);
    expect(engine.calls.map((c) => c.method)).toEqual(['backtests.inputs']);
  });

  it('asks for a chosen run’s results when it is chosen and again when it moves on, never on its own', async () => {
    const engine = fakeEngine({ 'backtests.inputs': () => [sp500], 'backtests.results': () => [] });
    renderWithEngine(<BacktestView />, engine);
    backtestFeed.views!.backtests!.apply([run('running', 1)]);
    fireEvent.click(await screen.findByLabelText('Compare run 7'));
    backtestFeed.views!.backtests!.apply([run('running', 1)]);
    backtestFeed.views!.backtests!.apply([run('done', 2)]);
    await vi.waitFor(() => expect(engine.calls.filter((c) => c.method === 'backtests.results')).toHaveLength(2));
    expect(engine.calls.at(-1)).toEqual({ method: 'backtests.results', params: { runIds: [7] } });
  });

  it('says what is wrong with a refused run and starts nothing else', async () => {
    const engine = fakeEngine({
      'backtests.inputs': () => [sp500],
      'backtests.start': () => {
        throw new Error('backtests.start: targetVolatility: Too small');
      },
    });
    renderWithEngine(<BacktestView />, engine);
    await screen.findByText('sp500-2000.csv');
    fireEvent.change(screen.getByLabelText('Target volatility'), { target: { value: '-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect((await screen.findByTestId('backtest-form-error')).textContent).toMatch(/targetVolatility/);
    expect(engine.calls.find((c) => c.method === 'backtests.start')?.params).toMatchObject({
      files: ['sp500-2000.csv'],
      targetVolatility: [-1],
    });
  });
});
