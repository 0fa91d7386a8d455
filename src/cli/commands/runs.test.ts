import { afterAll, describe, expect, it } from 'vitest';
import { BacktestRuns } from '../../agents/store/backtest-runs.ts';
import { tempDir } from '../../agents/store/store-fixtures.ts';
import { formatRunTable } from './runs.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('quorum runs compare', () => {
  it('prints under a grid point when a breaker restricted or stopped it, and why', () => {
    const runs = BacktestRuns.open(tmp.file('runs.sqlite'));
    const id = runs.create('sweep', 'sp500-2000.csv', {}, 1, 0);
    const m = { totalReturn: 0.1, cagr: 0.02, volatility: 0.1, sharpe: 0.5, sortino: 0.6, maxDrawdown: 0.2, calmar: 0.1, trades: 3 };
    runs.addResult({
      runId: id,
      point: 0,
      params: { 'optimizer.targetVolatility': 0.1 },
      metrics: m,
      benchmark: m,
      windows: null,
      curve: [],
      trades: [],
      restrictions: [
        { state: 'REDUCING', at: '2001-09-18T00:00:00.000Z', reason: 'No price for REPLAY:X for 604800 s while a position is open' },
        { state: 'HALTED', at: '2008-10-10T00:00:00.000Z', reason: 'Drawdown 31 % from the peak is beyond the 30 % limit' },
      ],
    });
    const lines = formatRunTable([runs.get(id)!], runs).split('\n');
    expect(lines[1]).toMatch(/^1\s+targetVolatility=0.1\s+10.0%/);
    expect(lines.slice(2)).toEqual([
      '        REDUCING from 2001-09-18: No price for REPLAY:X for 604800 s while a position is open',
      '        HALTED from 2008-10-10: Drawdown 31 % from the peak is beyond the 30 % limit',
    ]);
    runs.close();
  });
});
