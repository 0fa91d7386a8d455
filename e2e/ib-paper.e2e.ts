import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FakeGateway } from '../src/agents/venues/ibkr/fake-gateway.ts';
import { runCliAsync } from '../src/cli/run-cli.ts';
import { useIbWorkstation } from './ib-workstation.ts';
import { until, type ServeProcess } from './serve-process.ts';
import type { WsClient } from './ws-client.ts';
import { ARTIFACTS } from './workstation-session.ts';

// `quorum serve --venue ib-paper` against the project's fake IB Gateway on 127.0.0.1 (the real
// @stoqey/ib client on the real wire protocol): connect, trade from the ladder, see the fill and its
// decision card, then the kill switch with the engine live and with the engine hung (SIGSTOP).

const ENGINE_CLIENT_ID = 31;
const ib = useIbWorkstation({
  gateway: { accounts: ['DU7654321'], nextValidId: 500 },
  symbols: ['AAPL', 'MSFT'],
  market: { seed: 3, tickMs: 200 },
  // A new profile trades the simulated market; the first test switches it to IB paper from the UI.
  serveArgs: () => [],
  prepare: async ({ gateway, serve }) => {
    // AAPL resolved through the gateway (its contract id): the session asks for its past headlines, one with an article.
    const added = await runCliAsync(['instruments', 'add', 'AAPL', '--port', String(gateway.port), '--data', serve.dataDir]);
    expect(added.code, added.stderr).toBe(0);
    gateway.newsArchive.headlines.push({
      conId: 265598,
      provider: 'BRFG',
      articleId: 'BRFG$e2e',
      ts: Date.now() - 3_600_000,
      text: 'Apple beats estimates, raises guidance',
    });
    gateway.newsArchive.articles.set('BRFG:BRFG$e2e', {
      kind: 'text',
      text: '<h1>Apple beats</h1><p>Apple reported quarterly revenue above estimates and raised its guidance for the next quarter.</p>',
    });
    // The last 20 minutes of AAPL's 1-second bars: the chart is backfilled with them on open.
    const now = Math.floor(Date.now() / 1000) * 1000;
    gateway.history.set(
      'AAPL',
      '1 secs',
      Array.from({ length: 1_200 }, (_, k) => {
        const close = Math.round((100 + 2 * Math.sin(k / 60)) * 100) / 100;
        return { ts: now - (1_199 - k) * 1_000, open: close, high: close + 0.02, low: close - 0.02, close, volume: 100 };
      }),
    );
  },
});
let gateway: FakeGateway;
let serve: ServeProcess;
let client: WsClient;
let page: Page;
beforeAll(() => ({ gateway, serve, client, page } = ib));

const working = () => [...gateway.orders.values()].filter((o) => o.status === 'Submitted');
const globalCancels = (clientId: number) =>
  gateway.sessions.filter((s) => s.clientId === clientId).flatMap((s) => s.received.filter((f) => f[0] === '58')).length;

/** A limit buy a dollar under the bid: it rests at IB (the random market moves cents). */
async function restingBuy(instrumentId: string): Promise<void> {
  // After an engine restart the quotes take a moment to come back.
  const bid = await until(
    async () => (await client.api.market.depth({ instrumentId, levels: 1 })).bids[0]?.price,
    `a bid in ${instrumentId}`,
  );
  await client.api.orders.submit({
    instrumentId,
    side: 'buy',
    type: 'limit',
    quantity: 5,
    limitPrice: Math.round((bid - 1) * 100) / 100,
    timeInForce: 'gtc',
  });
}

describe('an IB paper session in the workstation', () => {
  it('switches from SIM to IB paper in the venue dialog (a bad port is named beside its field), and the engine restarts on it', async () => {
    await expect.poll(() => page.getAttribute('[data-testid=mode-banner]', 'data-mode'), { timeout: 20_000 }).toBe('sim');
    await page.click('[data-testid=mode-banner]');
    await page.waitForSelector('[data-testid=venue-dialog] input[name=port]');
    await page.click('[data-testid=venue-dialog] label:has-text("IB paper") input[type=radio]');
    await page.fill('[data-testid=venue-dialog] input[name=port]', '40o2');
    expect(await page.textContent('[data-testid=venue-problem-port]')).toContain('number');
    expect(await page.isDisabled('[data-testid=venue-apply]')).toBe(true);
    await page.fill('[data-testid=venue-dialog] input[name=port]', String(gateway.port));
    await page.fill('[data-testid=venue-dialog] input[name=clientId]', String(ENGINE_CLIENT_ID));
    await page.fill('[data-testid=venue-dialog] input[name=symbols]', 'AAPL, MSFT');
    await page.click('[data-testid=venue-apply]');
    await expect.poll(() => page.textContent('[data-testid=venue-outcome]'), { timeout: 20_000 }).toContain('switched to PAPER');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}venue-dialog.png` });
    await page.click('[data-testid=venue-dialog] button:has-text("Close")');
    // The check at IB used its own client id; the switch is journaled; the engine came back on IB.
    expect(gateway.sessions.some((x) => x.clientId === ENGINE_CLIENT_ID + 1)).toBe(true);
  });

  it('connects to the gateway and says PAPER, with the account, in amber, in the banner and the title', async () => {
    await expect.poll(() => page.getAttribute('[data-testid=broker-state]', 'data-state'), { timeout: 20_000 }).toBe('connected');
    // The broker's state comes in a pushed view, the banner from system.info asked for on the new
    // port: either may arrive first (the CI run of 9c94fce read the banner a moment too early).
    await expect
      .poll(() => page.textContent('[data-testid=mode-banner]'), { timeout: 5_000 })
      .toBe('PAPER · Interactive Brokers DU7654321');
    await expect.poll(() => page.title(), { timeout: 5_000 }).toBe('Quorum · PAPER');
    expect(await page.getAttribute('[data-testid=mode-banner]', 'class')).toContain('mode-paper');
  });

  it('buys at market from the ladder: one order at IB with our id, filled, on the blotter and the decision card', async () => {
    await page.waitForSelector('[data-testid=ladder] [data-side=ask]', { timeout: 20_000 });
    await page.click('[data-testid=buy-market]');
    await page.click('[role=tab]:has-text("Fills")');
    await until(async () => (await page.locator('[data-testid=fills] tbody tr').count()) === 1, 'the fill on the blotter');
    const placed = [...gateway.orders.values()];
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({
      clientId: ENGINE_CLIENT_ID,
      account: 'DU7654321',
      action: 'BUY',
      totalQuantity: 100,
      status: 'Filled',
    });
    await page.locator('[data-testid=fills] tbody tr').first().click();
    await expect.poll(() => page.textContent('[data-testid=decision-card]')).toContain('filled 100 @');
    const steps = await page.$$eval('[data-testid=decision-card] li', (li) => li.map((x) => x.getAttribute('data-type')));
    expect(steps).toEqual(['SubmitOrder', 'OrderApproved', 'OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
    // IB knows the order by our client order id (orderRef), the one the card shows.
    expect(await page.textContent('[data-testid=decision-card]')).toContain(placed[0]!.orderRef);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}ib-paper.png` });
    await page.click('[data-testid=decision-card] button:has-text("close")');
  });

  it('backfills AAPL’s chart with IB’s recent bars on open', async () => {
    const chart = page.locator('[data-testid=chart]');
    await expect.poll(async () => Number(await chart.getAttribute('data-candles')), { timeout: 20_000 }).toBeGreaterThan(1_000);
    expect((await client.api.market.bars({ instrumentId: 'IB:AAPL', limit: 2_000 })).length).toBeGreaterThan(1_000);
    await page.screenshot({ path: `${ARTIFACTS}ib-backfill.png` });
  });

  it('starts with AAPL’s past headline from IB and reads its article from the News tab', async () => {
    await page.click('[role=tab]:has-text("News")');
    const read = page.getByRole('button', { name: 'Read the article: Apple beats estimates, raises guidance' });
    await read.waitFor({ timeout: 20_000 });
    await read.click();
    await expect
      .poll(() => page.textContent('[data-testid=news-article] .news-article-text'), { timeout: 10_000 })
      .toBe('Apple beats\nApple reported quarterly revenue above estimates and raised its guidance for the next quarter.');
    await page.screenshot({ path: `${ARTIFACTS}news-article.png` });
    expect(gateway.newsArchive.requests.map((r) => r[2])).toContain('265598');
    await page.click('[role=tab]:has-text("Signals")');
  });

  it('finds AMZN with Ctrl+K, adds it from the keyboard, quotes it in the watchlist after the engine restarts, and shows IB’s depth on the ladder', async () => {
    gateway.quote('AMZN', 180.1, 180.14, 40);
    await page.keyboard.press('Control+K');
    const search = page.getByRole('textbox', { name: 'Symbol' });
    await search.waitFor();
    await search.fill('am');
    await page.locator('[data-testid=symbol-search] [role=option]:has-text("AMAZON.COM INC")').waitFor({ timeout: 10_000 });
    // The session's instruments come first when they match; here only IB's AMZN does.
    expect(await page.locator('[data-testid=symbol-search] [role=option]').allTextContents()).toEqual([
      'AMZN AMAZON.COM INC NASDAQ · USD · IB: add it',
    ]);
    await search.press('Enter');
    await expect
      .poll(() => page.textContent('[data-testid=symbol-search-outcome]'), { timeout: 10_000 })
      .toMatch(/^AMZN \(AMAZON\.COM INC, USD, tick 0\.01\) added: the engine restarts with it now$/);
    await page.screenshot({ path: `${ARTIFACTS}symbol-search.png` });
    await search.press('Escape');
    await page.click('[role=tab]:has-text("Watchlist")');
    const row = page.locator('[data-testid=watchlist] tr[data-instrument="IB:AMZN"]');
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await row.locator('td').nth(3).textContent())?.trim(), { timeout: 20_000 }).toBe('180.10');
    await expect.poll(() => page.getAttribute('[data-testid=broker-state]', 'data-state'), { timeout: 20_000 }).toBe('connected');
    // Its row shows it on the chart (at its exchange's time: AMZN was resolved through IB) and the ladder; IB's depth rows fill the ladder.
    await row.click();
    await expect.poll(() => page.getAttribute('[data-testid=chart]', 'data-time-zone'), { timeout: 10_000 }).toBe('US/Eastern');
    await until(async () => gateway.depthTickers.some((t) => t.symbol === 'AMZN' && !t.session.socket.destroyed), 'AMZN depth asked for');
    for (const [position, side, price, size] of [
      [0, 1, 180.1, 300],
      [1, 1, 180.09, 500],
      [2, 1, 180.05, 800],
      [0, 0, 180.14, 200],
      [1, 0, 180.15, 600],
    ] as const)
      gateway.depth('AMZN', { position, operation: 0, side, price, size });
    const ladder = page.locator('[data-testid=ladder][data-source=depth]');
    await ladder.waitFor({ timeout: 10_000 });
    await expect.poll(() => ladder.locator('tbody tr').count(), { timeout: 10_000 }).toBe(5);
    await page.screenshot({ path: `${ARTIFACTS}watchlist-ib.png` });
    expect((await client.api.venue.settings({})).symbols).toEqual(['AAPL', 'MSFT', 'AMZN']);
    await page.click('[role=tab]:has-text("Tape")');
  });

  it('halts with the engine live: IB’s global cancel takes the resting order, HALTED on screen', async () => {
    await page.click('[role=tab]:has-text("Orders")');
    // A dollar under the bid, so that the random market does not fill it first.
    await restingBuy('IB:AAPL');
    await until(() => working().length === 1, 'a limit order working at IB');
    await page.click('[data-testid=kill-switch]');
    await page.click('[data-testid=halt-confirm]');
    await expect.poll(() => page.textContent('[data-testid=trading-state]'), { timeout: 10_000 }).toBe('HALTED');
    await until(() => working().length === 0, 'nothing working at IB');
    expect(globalCancels(ENGINE_CLIENT_ID)).toBe(1);
    expect(ib.pageErrors).toEqual([]);
  });

  it('comes back from a SIGKILL with an order working at IB: finds it, sends nothing twice, journals its fill once', async () => {
    await client.api.trading.resume({ reason: 'crash test' });
    await restingBuy('IB:AAPL');
    const [order] = await until(() => (working().length === 1 ? working() : null), 'a resting order at IB');
    const reconciliations = async () =>
      (await client.whenUp(() => client.api.audit.recent({ limit: 500 }))).filter((j) => j.type === 'BrokerReconciled').length;
    const reconciledBefore = await reconciliations();
    const killed = client.engine()!;
    process.kill(killed.pid!, 'SIGKILL');
    await until(() => {
      const e = client.engine();
      return e && e.generation > killed.generation && e.state === 'running';
    }, 'the engine restarted');
    // The new engine works the same order at IB (found through the profile's ledger) and sent nothing again.
    const open = await client.whenUp(async () => {
      const orders = await client.api.orders.open({});
      if (!orders.length) throw new Error('not reconciled yet');
      return orders;
    });
    expect(open.map((o) => o.clientOrderId)).toEqual([order!.orderRef]);
    const placed = gateway.sessions.flatMap((s) => s.received).filter((f) => f[0] === '3' && f[26] === order!.orderRef);
    expect(placed).toHaveLength(1);
    // Known as ours once reconciled, not taken for an order someone else placed.
    await until(async () => (await reconciliations()) > reconciledBefore, 'the reconciliation after the restart');
    const journal = await client.api.audit.recent({ limit: 500 });
    expect(journal.filter((j) => j.type === 'AlertRaised' && j.payload.includes('BROKER_EXTERNAL_ORDERS'))).toEqual([]);
    // It fills at IB now: one fill in the journal, and the book's AAPL equals IB's.
    gateway.offer('AAPL', order!.lmtPrice!, order!.totalQuantity);
    const fills = await until(async () => {
      const all = await client.api.orders.fills({ instrumentId: 'IB:AAPL' });
      const ours = all.filter((f) => f.clientOrderId === order!.orderRef);
      return ours.length ? ours : null;
    }, 'the fill journaled');
    expect(fills.map((f) => f.quantity)).toEqual([order!.totalQuantity]);
    await until(async () => {
      const held = (await client.api.portfolio.snapshot({})).positions.find((p) => p.instrumentId === 'IB:AAPL')?.quantity;
      return held === gateway.positions.get('AAPL');
    }, 'the book’s AAPL equal to IB’s');
    expect(working()).toEqual([]);
  });

  it('halts and flattens at IB itself when the engine hangs (SIGSTOP), and the next engine journals what it did', async () => {
    await client.api.trading.resume({ reason: 'hung-engine test' });
    await restingBuy('IB:MSFT');
    await until(() => working().length === 1, 'a resting order at IB');
    const held = gateway.positions.get('AAPL')!;
    expect(held).toBeGreaterThan(0);
    const hung = await until(() => (client.engine()?.state === 'running' ? client.engine() : null), 'the engine');
    process.kill(hung.pid!, 'SIGSTOP');
    // Asynchronously: the fake gateway answering the host lives in this process.
    const r = await runCliAsync(['halt', '--flatten', '--data', serve.dataDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /At Interactive Brokers the host sent the global cancel and 1 flattening market order\(s\); 0 order\(s\) still open there/,
    );
    // The host's own connection (the engine's client id + 2) canceled everything and sold what was held.
    expect(globalCancels(ENGINE_CLIENT_ID + 2)).toBe(1);
    expect(working()).toEqual([]);
    expect(gateway.positions.get('AAPL')).toBe(0);
    const alerts = await client.whenUp(async () => {
      const rows = await client.api.audit.recent({ limit: 100 });
      const row = rows.find((j) => j.type === 'AlertRaised' && j.payload.includes('host-broker-emergency'));
      if (!row) throw new Error('not journaled yet');
      return row;
    });
    expect(JSON.parse(alerts.payload)).toMatchObject({ severity: 'critical', message: expect.stringContaining(`SELL ${held} AAPL`) });
    // The host's flatten fill is in the journal, so the engine's book is flat in AAPL like IB.
    const journal = await client.whenUp(() => client.api.audit.recent({ limit: 100 }));
    expect(journal.some((j) => j.type === 'OrderFilled' && j.source === 'host.kill-switch' && j.payload.includes('IB:AAPL'))).toBe(true);
    const positions = (await client.whenUp(() => client.api.portfolio.snapshot({}))).positions;
    expect(positions.find((p) => p.instrumentId === 'IB:AAPL')?.quantity ?? 0).toBe(0);
    expect((await client.whenUp(() => client.api.trading.getState({}))).state).toBe('HALTED');
    expect((await runCliAsync(['audit', 'verify', '--data', serve.dataDir])).code).toBe(0);
  });
});
