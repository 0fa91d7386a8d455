import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { until } from './serve-process.ts';
import { ARTIFACTS, useWorkstation } from './workstation-session.ts';

const session = useWorkstation();

describe('the backtest view', () => {
  it('says what is wrong with a bad setting and starts nothing', async () => {
    await session.page.click('[data-testid=open-backtests]');
    await until(
      async () => (await session.page.locator('[data-testid=backtest-view] input[type=checkbox]').count()) > 0,
      'the bundled data files',
    );
    await session.page.fill('[aria-label="Buy threshold"]', 'abc');
    await session.page.click('[data-testid=backtest-view] button[type=submit]');
    await expect.poll(() => session.page.textContent('[data-testid=backtest-form-error]'), { timeout: 10_000 }).toMatch(/buyThreshold/);
    // It stays while the view keeps polling the runs.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await session.page.textContent('[data-testid=backtest-form-error]')).toMatch(/buyThreshold/);
    expect(await session.page.locator('[data-testid=backtest-runs] tr[data-run]').count()).toBe(0);
  });

  it('runs a two-point grid with progress, then compares metrics, equity and drawdown against buy-and-hold', async () => {
    await session.page.fill('[aria-label="Buy threshold"]', '0.15');
    await session.page.fill('[aria-label="Target volatility"]', '0.05, 0.15');
    await session.page.fill('[data-testid=backtest-view] input[type=date] >> nth=0', '2006-01-01');
    await session.page.fill('[data-testid=backtest-view] input[type=date] >> nth=1', '2012-12-31');
    await session.page.click('[data-testid=backtest-view] button[type=submit]');
    const run = session.page.locator('[data-testid=backtest-runs] tr[data-run]').first();
    await until(async () => (await run.getAttribute('data-status')) === 'done', 'the run to finish', 60_000);
    const rows = session.page.locator('[data-testid=backtest-results] tbody tr');
    await until(async () => (await rows.count()) === 2, 'two result rows');
    expect(await rows.first().textContent()).toMatch(/targetVolatility=0\.05/);
    expect(await session.page.getAttribute('[data-testid=backtest-equity]', 'data-series')).toBe('2');
    // The benchmark column is buy-and-hold of the same dates, the same for both points.
    const bh = await rows.locator('td:nth-child(9)').allTextContents();
    expect(bh[0]).toMatch(/%$/);
    expect(bh[1]).toBe(bh[0]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await session.page.screenshot({ path: `${ARTIFACTS}/backtests.png` });
    expect(session.pageErrors).toEqual([]);
  });
});
