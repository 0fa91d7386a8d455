import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startServe, until, type ServeProcess } from './serve-process.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
let serve: ServeProcess;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  serve = await startServe();
  browser = await chromium.launch({
    executablePath: process.env['QUORUM_CHROMIUM'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(serve.url);
});

afterAll(async () => {
  await browser?.close();
  expect(await serve.stop()).toBe(0);
  removeDir(serve.dataDir);
});

const prices = (side: 'bid' | 'ask') => page.$$eval(`[data-side=${side}]`, (rows) => rows.map((r) => Number(r.getAttribute('data-price'))));

describe('trading on the simulated market from the UI', () => {
  it('shows a ladder with bids below asks and a tape that keeps printing', async () => {
    await page.waitForSelector('[data-testid=ladder] [data-side=bid]', { timeout: 20_000 });
    const bids = await prices('bid');
    const asks = await prices('ask');
    expect(Math.max(...bids)).toBeLessThan(Math.min(...asks));
    await page.waitForSelector('[data-testid=tape] tr');
    const first = await page.locator('[data-testid=tape] tr').first().textContent();
    await until(async () => (await page.locator('[data-testid=tape] tr').first().textContent()) !== first, 'a new print on the tape');
    expect(await page.textContent('[data-panel=settings]')).toContain('Simulated market');
  });

  it('places a limit order by clicking a bid and marks it as ours in the ladder and the blotter', async () => {
    await page.locator('[data-side=bid] td.bid-size').nth(3).click();
    await until(async () => (await page.locator('[data-testid=open-orders] tbody tr').count()) === 1, 'the open order in the blotter');
    await until(async () => (await page.locator('[data-side=bid][data-ours="100"]').count()) === 1, 'our 100 marked on the ladder');
  });

  it('fills a market order, prints it as ours and marks it on the chart', async () => {
    await page.click('[data-testid=buy-market]');
    await until(async () => Number(await page.getAttribute('[data-testid=chart]', 'data-fill-markers')) > 0, 'a fill marker on the chart');
    await page.click('[role=tab]:has-text("Fills")');
    expect(await page.locator('[data-testid=fills] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid=tape]')).toContain('★ ours');
  });

  it('cancels everything with cancel-all', async () => {
    await page.click('[role=tab]:has-text("Orders")');
    await page.click('button:has-text("Cancel all")');
    await until(async () => (await page.locator('[data-testid=open-orders]').count()) === 0, 'no open orders');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}trading.png` });
    expect(pageErrors).toEqual([]);
  });
});
