import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkstation } from './browser.ts';
import { removeDir, startServe, until, type ServeProcess } from './serve-process.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
let serve: ServeProcess;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  serve = await startServe();
  ({ browser, page } = await openWorkstation(serve.url, (m) => pageErrors.push(m)));
});

afterAll(async () => {
  await browser?.close();
  expect(await serve.stop()).toBe(0);
  removeDir(serve.dataDir);
});

describe('the backtest view', () => {
  it('says what is wrong with a bad setting and starts nothing', async () => {
    await page.click('[data-testid=open-backtests]');
    await until(async () => (await page.locator('[data-testid=backtest-view] input[type=checkbox]').count()) > 0, 'the bundled data files');
    await page.fill('[aria-label="Buy threshold"]', 'abc');
    await page.click('[data-testid=backtest-view] button[type=submit]');
    await expect.poll(() => page.textContent('[data-testid=backtest-view] .note.error'), { timeout: 10_000 }).toMatch(/buyThreshold/);
    expect(await page.locator('[data-testid=backtest-runs] tr[data-run]').count()).toBe(0);
  });

  it('runs a two-point grid with progress, then compares metrics, equity and drawdown against buy-and-hold', async () => {
    await page.fill('[aria-label="Buy threshold"]', '0.15');
    await page.fill('[aria-label="Target volatility"]', '0.05, 0.15');
    await page.fill('[data-testid=backtest-view] input[type=date] >> nth=0', '2006-01-01');
    await page.fill('[data-testid=backtest-view] input[type=date] >> nth=1', '2012-12-31');
    await page.click('[data-testid=backtest-view] button[type=submit]');
    const run = page.locator('[data-testid=backtest-runs] tr[data-run]').first();
    await until(async () => (await run.getAttribute('data-status')) === 'done', 'the run to finish', 60_000);
    const rows = page.locator('[data-testid=backtest-results] tbody tr');
    await until(async () => (await rows.count()) === 2, 'two result rows');
    expect(await rows.first().textContent()).toMatch(/targetVolatility=0\.05/);
    expect(await page.getAttribute('[data-testid=backtest-equity]', 'data-series')).toBe('2');
    // The benchmark column is buy-and-hold of the same dates, the same for both points.
    const bh = await rows.locator('td:nth-child(9)').allTextContents();
    expect(bh[0]).toMatch(/%$/);
    expect(bh[1]).toBe(bh[0]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/backtests.png` });
    expect(pageErrors).toEqual([]);
  });
});
