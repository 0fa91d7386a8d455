import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { openWorkstation } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startServe, until, type ServeProcess } from './serve-process.ts';
import { WsClient } from './ws-client.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
let serve: ServeProcess;
let browser: Browser;
let page: Page;
let client: WsClient;

beforeAll(async () => {
  serve = await startServe();
  client = await WsClient.open(serve);
  ({ browser, page } = await openWorkstation(serve.url, () => {}));
  await page.waitForSelector('[data-testid=ladder] [data-side=bid]', { timeout: 20_000 });
  // Orders need a last price (a first trade on the tape), not only a book.
  await page.waitForSelector('[data-testid=tape] tr', { timeout: 20_000 });
});

afterAll(async () => {
  client?.close();
  await browser?.close();
  expect(await serve.stop()).toBe(0);
  removeDir(serve.dataDir);
});

const position = async () => {
  const p = await client.api.portfolio.snapshot({});
  return p.positions.find((x) => x.instrumentId === 'SIM:ALPHA')?.quantity ?? 0;
};

describe('the kill switch in the UI', () => {
  it('halt and flatten: HALTED, every order canceled, the position closed, and the check says so', async () => {
    await page.click('[data-testid=buy-market]');
    await until(async () => (await position()) === 100, 'a long position of 100');
    await page.locator('[data-side=bid] td.bid-size').nth(3).click();
    await until(async () => (await client.api.orders.open({})).length === 1, 'a resting order');
    await page.click('[data-testid=kill-switch]');
    await page.click('[data-testid=halt-flatten]');
    await expect.poll(() => page.textContent('[data-testid=trading-state]'), { timeout: 10_000 }).toBe('HALTED');
    await until(async () => (await position()) === 0, 'the position flattened');
    expect(await client.api.orders.open({})).toEqual([]);
    await expect.poll(() => page.textContent('[data-testid=alert-banner]'), { timeout: 10_000 }).toContain('every position flat');
  });

  it('with the engine hung (SIGSTOP), the button still halts: the host kills it and it restarts HALTED', async () => {
    await page.click('[data-testid=resume]');
    await page.click('[data-testid=resume-confirm]');
    await expect.poll(() => page.textContent('[data-testid=trading-state]'), { timeout: 10_000 }).toBe('ACTIVE');
    const engine = page.locator('[data-process=engine]');
    const pid = Number(await engine.getAttribute('data-pid'));
    process.kill(pid, 'SIGSTOP');
    await page.click('[data-testid=kill-switch]');
    await page.click('[data-testid=halt-confirm]');
    await expect
      .poll(() => page.textContent('[data-testid=alert-banner]'), { timeout: 10_000 })
      .toMatch(/HALTED \(confirmed in \d+ ms\): the engine did not answer within the deadline/);
    await until(
      async () => (await engine.getAttribute('data-generation')) === '2' && (await engine.getAttribute('data-state')) === 'running',
      'the new engine',
      30_000,
    );
    await expect.poll(() => page.textContent('[data-testid=trading-state]'), { timeout: 15_000 }).toBe('HALTED');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}kill-switch.png` });
  });

  it('edits risk limits with validation, and the change is journaled', async () => {
    await page.click('[data-testid=edit-limits]');
    await page.fill('[data-testid=limits-form] input[name=maxConcentration]', '2');
    await page.click('[data-testid=save-limits]');
    await expect.poll(() => page.textContent('[data-testid=limits-problem]')).toContain('maxConcentration');
    await page.fill('[data-testid=limits-form] input[name=maxConcentration]', '0.3');
    await page.click('[data-testid=save-limits]');
    await until(async () => (await client.api.risk.limits({})).maxConcentration === 0.3, 'the new limit');
    const journal = await client.api.audit.recent({ limit: 20 });
    expect(journal.some((j) => j.type === 'RiskLimitsChanged')).toBe(true);
  });
});
