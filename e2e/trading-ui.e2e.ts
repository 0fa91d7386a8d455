import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { until } from './serve-process.ts';
import { ARTIFACTS, useWorkstation } from './workstation-session.ts';

const session = useWorkstation();

const prices = (side: 'bid' | 'ask') =>
  session.page.$$eval(`[data-side=${side}]`, (rows) => rows.map((r) => Number(r.getAttribute('data-price'))));

describe('trading on the simulated market from the UI', () => {
  it('shows a ladder with bids below asks and a tape that keeps printing', async () => {
    await session.page.waitForSelector('[data-testid=ladder] [data-side=bid]', { timeout: 20_000 });
    const bids = await prices('bid');
    const asks = await prices('ask');
    expect(Math.max(...bids)).toBeLessThan(Math.min(...asks));
    await session.page.waitForSelector('[data-testid=tape] tr');
    const first = await session.page.locator('[data-testid=tape] tr').first().textContent();
    await until(
      async () => (await session.page.locator('[data-testid=tape] tr').first().textContent()) !== first,
      'a new print on the tape',
    );
    expect(await session.page.textContent('[data-panel=settings]')).toContain('Simulated market');
  });

  it('places a limit order by clicking a bid and marks it as ours in the ladder and the blotter', async () => {
    await session.page.locator('[data-side=bid] td.bid-size').nth(3).click();
    await until(
      async () => (await session.page.locator('[data-testid=open-orders] tbody tr').count()) === 1,
      'the open order in the blotter',
    );
    await until(async () => (await session.page.locator('[data-side=bid][data-ours="100"]').count()) === 1, 'our 100 marked on the ladder');
  });

  it('fills a market order, prints it as ours and marks it on the chart', async () => {
    await session.page.click('[data-testid=buy-market]');
    await until(
      async () => Number(await session.page.getAttribute('[data-testid=chart]', 'data-fill-markers')) > 0,
      'a fill marker on the chart',
    );
    await session.page.click('[role=tab]:has-text("Fills")');
    expect(await session.page.locator('[data-testid=fills] tbody tr').count()).toBeGreaterThan(0);
    expect(await session.page.textContent('[data-testid=tape]')).toContain('★ ours');
  });

  it('says why an order was denied, with its numbers, at the top of the ticket and in the banner (it had been silent below the fold)', async () => {
    await session.page.fill('[aria-label=Quantity]', '50000');
    await session.page.click('[data-testid=buy-market]');
    const text = 'Order denied by the order quantity check (MAX_ORDER_QUANTITY): buy 50000 SIM:ALPHA; limit 10000.';
    await until(async () => (await session.page.textContent('[data-testid=order-problem]')) === text, 'the denial in the ticket');
    expect(await session.page.textContent('[data-testid=alert-banner]')).toContain(text);
    const problem = await session.page.locator('[data-testid=order-problem]').boundingBox();
    const viewport = session.page.viewportSize()!;
    expect(problem!.y + problem!.height).toBeLessThan(viewport.height);
    await session.page.screenshot({ path: `${ARTIFACTS}order-denied.png` });
    await session.page.fill('[aria-label=Quantity]', '100');
  });

  it('opens the decision card of a fill from the blotter: request, checks passed, venue, fill', async () => {
    await session.page.locator('[data-testid=fills] tbody tr').first().click();
    await expect.poll(() => session.page.textContent('[data-testid=decision-card]')).toContain('all 13 pre-trade checks passed');
    const steps = await session.page.$$eval('[data-testid=decision-card] li', (li) => li.map((x) => x.getAttribute('data-type')));
    expect(steps.slice(0, 4)).toEqual(['SubmitOrder', 'OrderApproved', 'OrderSubmitted', 'OrderAccepted']);
    expect(steps).toContain('OrderFilled');
    await session.page.click('[data-testid=decision-card] button:has-text("close")');
  });

  it('places stops from the order ticket: one beyond the market waits, one the market reaches fills', async () => {
    const { page } = session;
    const fillRows = () => page.locator('[data-testid=fills] tbody tr').count();
    const filledBefore = await fillRows();
    const [bid, ask] = [Math.max(...(await prices('bid'))), Math.min(...(await prices('ask')))];
    const stop = async (price: string) => {
      await page.click('[data-testid=order-open]');
      const dialog = page.locator('[data-testid=order-dialog]');
      await dialog.locator('[name=type]').selectOption('stop');
      await dialog.locator('[name=stopPrice]').fill(price);
      await page.click('[data-testid=order-send]');
      await dialog.waitFor({ state: 'detached' });
    };
    const far = (ask + 5).toFixed(2);
    await stop(far);
    // A buy stop at the bid: the next trade at or above it sets it off, and it buys at the market.
    await stop(bid.toFixed(2));
    await until(async () => (await fillRows()) > filledBefore, 'the reached stop filled');
    await page.click('[role=tab]:has-text("Orders")');
    // The far stop works (beside the limit order placed above); the reached one does not.
    const working = async () => (await page.locator('[data-testid=open-orders] tbody tr').allTextContents()).join('\n');
    await until(async () => !(await working()).includes(`stop ${bid}`), 'the reached stop no longer working');
    expect(await working()).toContain(`stop ${Number(far)}`);
  });

  it('cancels everything with cancel-all', async () => {
    await session.page.click('[role=tab]:has-text("Orders")');
    await session.page.click('button:has-text("Cancel all")');
    await until(async () => (await session.page.locator('[data-testid=open-orders]').count()) === 0, 'no open orders');
    mkdirSync(ARTIFACTS, { recursive: true });
    await session.page.screenshot({ path: `${ARTIFACTS}trading.png` });
    expect(session.pageErrors).toEqual([]);
  });
});

describe('execution algorithms from the UI', () => {
  it('previews a TWAP schedule as it is typed, starts it, and shows the parent order finish with its slippage', async () => {
    await session.page.click('[data-testid=algo-open]');
    await session.page.fill('[data-testid=algo-dialog] input[name=quantity]', '300');
    await session.page.fill('[data-testid=algo-dialog] input[name=durationS]', '3');
    await session.page.fill('[data-testid=algo-dialog] input[name=slices]', '3');
    await expect.poll(async () => session.page.locator('[data-testid=algo-preview] tr').count()).toBe(3);
    expect(await session.page.textContent('[data-testid=algo-preview]')).toContain('100');
    await session.page.fill('[data-testid=algo-dialog] input[name=quantity]', '-5');
    await expect.poll(() => session.page.textContent('[data-testid=algo-dialog] .problem')).toContain('quantity');
    await session.page.fill('[data-testid=algo-dialog] input[name=quantity]', '300');
    await expect.poll(async () => session.page.locator('[data-testid=algo-preview] tr').count()).toBe(3);
    await session.page.click('[data-testid=algo-start]');
    await session.page.click('[role=tab]:has-text("Algos")');
    await until(
      async () => (await session.page.locator('[data-testid=parents] tr[data-status=filled]').count()) === 1,
      'the TWAP filled',
      20_000,
    );
    expect(await session.page.textContent('[data-testid=parents]')).toMatch(/300 \/ 300/);
    expect(await session.page.textContent('[data-testid=parents]')).toMatch(/bp/);
    await session.page.locator('[data-testid=parents] tr[data-status=filled]').first().click();
    await expect.poll(() => session.page.locator('[data-testid=child-fill]').count()).toBeGreaterThanOrEqual(3);
  });

  it('amends a resting order from the blotter, and the ladder follows', async () => {
    await session.page.locator('[data-side=bid] td.bid-size').nth(4).click();
    await session.page.click('[role=tab]:has-text("Orders")');
    await until(
      async () => (await session.page.locator('[data-testid=open-orders] [data-testid=amend-open]').count()) === 1,
      'the resting order',
    );
    await session.page.click('[data-testid=amend-open]');
    await session.page.fill('[data-testid=amend-form] input[name=quantity]', '250');
    await session.page.click('[data-testid=amend-send]');
    await until(async () => (await session.page.locator('[data-side=bid][data-ours="250"]').count()) === 1, 'our 250 on the ladder');
    await session.page.click('button:has-text("Cancel all")');
    await until(async () => (await session.page.locator('[data-testid=open-orders]').count()) === 0, 'no open orders');
  });
});

describe('blotters with many rows', () => {
  it('render only the rows in view', async () => {
    await session.page.click('[data-testid=edit-limits]');
    await session.page.fill('[data-testid=limits-form] input[name=maxOrdersPerSecond]', '1000');
    await session.page.fill('[data-testid=limits-form] input[name=maxOrdersPerMinute]', '100000');
    await session.page.click('[data-testid=save-limits]');
    await session.page.waitForSelector('[data-testid=limits-form]', { state: 'detached' });
    await session.page.click('[data-testid=algo-open]');
    await session.page.fill('[data-testid=algo-dialog] input[name=quantity]', '400');
    await session.page.fill('[data-testid=algo-dialog] input[name=durationS]', '4');
    await session.page.fill('[data-testid=algo-dialog] input[name=slices]', '200');
    await expect.poll(async () => session.page.locator('[data-testid=algo-preview] tr').count()).toBe(50);
    await session.page.click('[data-testid=algo-start]');
    await session.page.click('[role=tab]:has-text("Algos")');
    await until(
      async () => (await session.page.locator('[data-testid=parents] tr[data-status=filled]').count()) === 2,
      'the 200-slice TWAP filled',
      30_000,
    );
    await session.page.click('[role=tab]:has-text("Fills")');
    await until(async () => Number(await session.page.getAttribute('.virtual-scroll', 'data-rows')) >= 200, '200 fills or more');
    const held = Number(await session.page.getAttribute('.virtual-scroll', 'data-rows'));
    const drawn = await session.page.locator('[data-testid=fills] tbody tr:not([aria-hidden])').count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(held / 2);
  });

  it('shows the VaR of the current portfolio once there is enough history', async () => {
    await expect
      .poll(() => session.page.textContent('[data-testid=portfolio-var]'), { timeout: 45_000, interval: 1_000 })
      .toMatch(/VaR 99 % per 1 s bar: \$[\d,.]+ \([\d.]+ %\) · ES \$[\d,.]+ · historical, \d+ bars/);
  });

  it('lists the instruments in the watchlist with quotes; a row selects what the chart, ladder and tape show', async () => {
    await session.page.click('[data-panel=tape] [role=tab]:has-text("Watchlist")');
    const rows = session.page.locator('[data-testid=watchlist] tbody tr');
    await until(async () => (await rows.count()) === 3, 'the three simulated instruments');
    // Each has a last price, a bid below its ask and a trend line once bars have come.
    await until(
      async () => (await session.page.locator('[data-testid=watchlist] polyline[points*=","]').count()) === 3,
      'three trend lines',
    );
    for (const row of await rows.all()) {
      const cells = await row.locator('td').allTextContents();
      expect(Number(cells[1])).toBeGreaterThan(0);
      expect(Number(cells[3])).toBeLessThan(Number(cells[4]));
    }
    // No instruments listed in the settings: the agents trade all three.
    await until(
      async () => (await session.page.locator('[data-testid=watchlist] input[type=checkbox]:checked').count()) === 3,
      'the agents trade all three',
    );
    const second = rows.nth(1);
    await second.click();
    const id = await second.getAttribute('data-instrument');
    expect(await session.page.inputValue('[aria-label=Instrument]')).toBe(id);
    await session.page.focus('[data-testid=watchlist]');
    await session.page.keyboard.press('ArrowDown');
    expect(await session.page.inputValue('[aria-label=Instrument]')).toBe(await rows.nth(2).getAttribute('data-instrument'));
    mkdirSync(ARTIFACTS, { recursive: true });
    await session.page.screenshot({ path: `${ARTIFACTS}/watchlist.png` });
    await session.page.click('[data-panel=tape] [role=tab]:has-text("Tape")');
    expect(session.pageErrors).toEqual([]);
  });
});
