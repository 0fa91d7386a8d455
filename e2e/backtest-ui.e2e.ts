import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeGateway } from '../src/agents/venues/ibkr/fake-gateway.ts';
import { simulatedHistory } from '../src/cli/commands/ib-gateway-sim.ts';
import { runCliAsync } from '../src/cli/run-cli.ts';
import { until } from './serve-process.ts';
import { ARTIFACTS, useWorkstation } from './workstation-session.ts';

// A stand-in IB Gateway with history, where the profile's IB settings point (the venue stays sim).
const gateway = await FakeGateway.start();
gateway.history.generate(['MSFT'], simulatedHistory);
afterAll(() => gateway.stop());
const session = useWorkstation(['--ib-port', String(gateway.port)]);

describe('the backtest view', () => {
  it('says what is wrong with a bad setting and starts nothing', async () => {
    await session.page.click('[data-testid=open-backtests]');
    await until(
      async () => (await session.page.locator('[data-testid=backtest-view] fieldset label[data-source] input[type=checkbox]').count()) > 0,
      'the bundled data files',
    );
    await session.page.fill('[aria-label="Buy threshold"]', 'abc');
    await session.page.click('[data-testid=backtest-view] button[type=submit]');
    await expect.poll(() => session.page.textContent('[data-testid=backtest-form-error]'), { timeout: 10_000 }).toMatch(/buyThreshold/);
    // It stays while the view keeps polling the runs.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await session.page.textContent('[data-testid=backtest-form-error]')).toMatch(/buyThreshold/);
    expect(await session.page.locator('[data-testid=backtest-runs] tr[data-run]').count()).toBe(0);
    // Nothing to compare yet: the results table says how to fill it.
    expect(await session.page.textContent('[data-testid=backtest-results-empty]')).toMatch(/Tick runs on the left/);
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

  it("imports the trader's own CSV (a malformed one is refused with its line), then backtests it", async () => {
    const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    const spx = readFileSync(new URL('../resources/data/sp500-2000.csv', import.meta.url), 'utf8')
      .trim()
      .split('\n');
    const header = spx[0]!;
    const recent = spx.filter((line) => line.startsWith('2015') || line.startsWith('2016'));
    const before = await session.page.locator('[data-testid=backtest-view] fieldset label').count();

    const broken = [header, ...recent.slice(0, 10), recent[10]!.replace(/,[^,]*$/, ',lots'), ...recent.slice(11)].join('\n');
    await session.page.setInputFiles('[data-testid=backtest-file]', csv('broken.csv', broken));
    await expect
      .poll(() => session.page.textContent('[data-testid=backtest-form-error]'), { timeout: 10_000 })
      .toMatch(/broken\.csv: line 12.*volume/);
    expect(await session.page.locator('[data-testid=backtest-view] fieldset label').count()).toBe(before);

    await session.page.setInputFiles('[data-testid=backtest-file]', csv('spx-2015.csv', [header, ...recent].join('\n')));
    await expect
      .poll(() => session.page.textContent('[data-testid=backtest-notice]'), { timeout: 10_000 })
      .toMatch(/imported spx-2015\.csv: \d+ bars, 2015-/);
    const mine = session.page.locator('[data-testid=backtest-view] label[data-source=imported]');
    expect(await mine.textContent()).toMatch(/spx-2015\.csv/);
    expect(await mine.locator('input').isChecked()).toBe(true);

    await session.page.fill('[aria-label="Target volatility"]', '0.1');
    await session.page.fill('[data-testid=backtest-view] input[type=date] >> nth=0', '');
    await session.page.fill('[data-testid=backtest-view] input[type=date] >> nth=1', '');
    await session.page.click('[data-testid=backtest-view] button[type=submit]');
    const run = session.page.locator('[data-testid=backtest-runs] tr[data-run]').first();
    await until(async () => (await run.textContent())?.includes('spx-2015.csv') === true, 'the run on the imported file');
    await until(async () => (await run.getAttribute('data-status')) === 'done', 'the run to finish', 60_000);
    const row = session.page.locator(`[data-testid=backtest-results] tbody tr[data-run="${await run.getAttribute('data-run')}"]`).first();
    await until(async () => (await row.count()) === 1, 'its result row');
    expect(await row.locator('td:nth-child(9)').textContent()).toMatch(/%$/);
    await session.page.screenshot({ path: `${ARTIFACTS}/backtests-imported.png` });

    // Removing it takes a second click; the run made on it keeps its results.
    const runs = await session.page.locator('[data-testid=backtest-runs] tr[data-run]').count();
    await session.page.click('[aria-label="Remove spx-2015.csv"]');
    await session.page.screenshot({ path: `${ARTIFACTS}/backtests-remove.png`, clip: { x: 0, y: 0, width: 1600, height: 220 } });
    expect(await session.page.locator('[data-testid=backtest-view] label[data-source=imported]').count()).toBe(1);
    await session.page.click('[aria-label="Confirm removing spx-2015.csv"]');
    await expect
      .poll(() => session.page.textContent('[data-testid=backtest-notice]'), { timeout: 10_000 })
      .toMatch(/removed spx-2015\.csv/);
    expect(await session.page.locator('[data-testid=backtest-view] label[data-source=imported]').count()).toBe(0);
    expect(await session.page.locator('[data-testid=backtest-view] label[data-source=bundled]').count()).toBeGreaterThan(0);
    expect(await session.page.locator('[data-testid=backtest-runs] tr[data-run]').count()).toBe(runs);
    expect(session.pageErrors).toEqual([]);
  });

  it("runs a walk-forward: out-of-sample windows stitched into one curve with its trades, each window's metrics on request", async () => {
    const bundled = session.page.locator('[data-testid=backtest-view] label[data-source=bundled] input');
    await bundled.check();
    await session.page.fill('[data-testid=backtest-view] input[type=date] >> nth=0', '2006-01-01');
    await session.page.fill('[data-testid=backtest-view] input[type=date] >> nth=1', '2012-12-31');
    await session.page.locator('[data-testid=backtest-view] label', { hasText: 'walk-forward' }).locator('input[type=checkbox]').check();
    await session.page.fill('[aria-label="Train bars"]', '1000');
    await session.page.fill('[aria-label="Test bars"]', '250');
    await session.page.click('[data-testid=backtest-view] button[type=submit]');
    const run = session.page.locator('[data-testid=backtest-runs] tr[data-run]').first();
    await until(async () => (await run.textContent())?.includes('walk-forward') === true, 'the walk-forward run');
    await until(async () => (await run.getAttribute('data-status')) === 'done', 'the walk-forward to finish', 90_000);
    const runId = await run.getAttribute('data-run');
    const row = session.page.locator(`[data-testid=backtest-results] tbody tr[data-run="${runId}"]`);
    await until(async () => (await row.count()) === 1, 'its result row');
    // 2006–2012 is 1,761 daily bars: 1,000 to train first, then tests of 250, 250, 250 and the last 11.
    const toggle = row.locator('[data-testid=windows-toggle]');
    expect(await toggle.textContent()).toMatch(/^4 windows/);
    await toggle.click();
    const windows = session.page.locator('[data-testid=window-row]');
    await until(async () => (await windows.count()) === 4, 'four window rows');
    expect(await windows.first().textContent()).toMatch(/test 20\d\d-\d\d-\d\d → 20\d\d-\d\d-\d\d.*%/);
    // Its out-of-sample trades are on the chart: each round trip is at least two fills.
    const trades = Number(await row.locator('td:nth-child(7)').textContent());
    expect(trades).toBeGreaterThan(0);
    expect(Number(await session.page.getAttribute('[data-testid=backtest-equity]', 'data-trades'))).toBeGreaterThanOrEqual(2 * trades);
    await session.page.screenshot({ path: `${ARTIFACTS}/backtests-walk-forward.png` });
    expect(session.pageErrors).toEqual([]);
  });

  it('marks a run that a breaker restricted, with the date and the reason', async () => {
    // A second file whose bars stop for two weeks in June 2001 while a position in it is open.
    const spx = readFileSync(new URL('../resources/data/sp500-2000.csv', import.meta.url), 'utf8')
      .trim()
      .split('\n');
    const gapped = [spx[0]!, ...spx.filter((l) => /^200[12]/.test(l) && (l < '2001-06-01' || l > '2001-06-15'))].join('\n');
    await session.page.setInputFiles('[data-testid=backtest-file]', {
      name: 'gapped.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(gapped),
    });
    await expect.poll(() => session.page.textContent('[data-testid=backtest-notice]'), { timeout: 10_000 }).toMatch(/imported gapped\.csv/);
    await session.page.locator('[data-testid=backtest-view] label[data-source=bundled] input').check();
    await session.page.locator('[data-testid=backtest-view] label', { hasText: 'walk-forward' }).locator('input[type=checkbox]').uncheck();
    await session.page.fill('[aria-label="Target volatility"]', '0.1');
    await session.page.fill('[data-testid=backtest-view] input[type=date] >> nth=0', '2001-01-01');
    await session.page.fill('[data-testid=backtest-view] input[type=date] >> nth=1', '2002-12-31');
    await session.page.click('[data-testid=backtest-view] button[type=submit]');
    const run = session.page.locator('[data-testid=backtest-runs] tr[data-run]').first();
    await until(async () => (await run.textContent())?.includes('gapped.csv') === true, 'the run on both files');
    await until(async () => (await run.getAttribute('data-status')) === 'done', 'the run to finish', 60_000);
    const badge = session.page.locator(
      `[data-testid=backtest-results] tbody tr[data-run="${await run.getAttribute('data-run')}"] [data-testid=restriction]`,
    );
    await until(async () => (await badge.count()) === 1, 'the restriction badge');
    expect(await badge.textContent()).toMatch(/^REDUCING 2001-06-\d\d$/);
    expect(await badge.getAttribute('title')).toMatch(/^No price for REPLAY:GAPPED for \d+ s while a position is open$/);
    // Shown on its equity line too.
    await expect.poll(() => session.page.getAttribute('[data-testid=backtest-equity]', 'data-restrictions')).toBe('1');
    await session.page.screenshot({ path: `${ARTIFACTS}/backtests-restricted.png` });

    // The same run resumed each morning: the badge says it was only the first restriction.
    const firstId = await run.getAttribute('data-run');
    await session.page.locator('[data-testid=backtest-view] label', { hasText: 'resume each day' }).locator('input').check();
    // This one keeps its decisions, which the command line exports from the same profile.
    await session.page.locator('[data-testid=backtest-view] label', { hasText: 'keep decisions' }).locator('input').check();
    await session.page.click('[data-testid=backtest-view] button[type=submit]');
    const resumedRun = session.page.locator('[data-testid=backtest-runs] tr[data-run]').first();
    await until(async () => (await resumedRun.getAttribute('data-run')) !== firstId, 'the second run');
    await until(async () => (await resumedRun.getAttribute('data-status')) === 'done', 'the resumed run to finish', 60_000);
    const resumedBadge = session.page.locator(
      `[data-testid=backtest-results] tbody tr[data-run="${await resumedRun.getAttribute('data-run')}"] [data-testid=restriction]`,
    );
    await until(async () => (await resumedBadge.count()) === 1, "the resumed run's badge");
    expect(await resumedBadge.getAttribute('title')).toMatch(/\(first of several: resumed \d+× at a new day's first bar\)$/);
    await session.page.locator('[data-testid=backtest-view] label', { hasText: 'resume each day' }).locator('input').uncheck();
    await session.page.locator('[data-testid=backtest-view] label', { hasText: 'keep decisions' }).locator('input').uncheck();
    const resumedId = (await resumedRun.getAttribute('data-run'))!;
    await until(async () => (await resumedRun.textContent())?.includes('decisions kept') === true, 'the decisions-kept mark');
    await session.page.screenshot({ path: `${ARTIFACTS}/backtests-decisions-kept.png` });
    const firstRow = session.page.locator(`[data-testid=backtest-runs] tr[data-run="${firstId}"]`);
    expect(await firstRow.textContent()).not.toContain('decisions kept');
    const file = `${session.serve.dataDir}/decisions-${resumedId}.jsonl`;
    const exported = await runCliAsync(['runs', 'show', resumedId, '--decisions', file, '--data', session.serve.dataDir]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(new RegExp(`[\\d,]+ decisions of run ${resumedId} \\(\\d+ journals?, each chain verified\\)`));
    const decisions = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { instrumentId: string });
    expect(new Set(decisions.map((d) => d.instrumentId))).toEqual(new Set(['REPLAY:SP500-2000', 'REPLAY:GAPPED']));

    // Minute bars beside daily ones: refused in the form, before any run starts.
    const minutes = [
      'time,open,high,low,close,volume',
      ...Array.from({ length: 50 }, (_, i) => `${1_600_000_000 + 60 * i},10,11,9,10,100`),
    ];
    await session.page.setInputFiles('[data-testid=backtest-file]', {
      name: 'minutes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(minutes.join('\n')),
    });
    await expect
      .poll(() => session.page.textContent('[data-testid=backtest-notice]'), { timeout: 10_000 })
      .toMatch(/imported minutes\.csv/);
    await session.page.locator('[data-testid=backtest-view] label[data-source=bundled] input').check();
    const before = await session.page.locator('[data-testid=backtest-runs] tr[data-run]').count();
    await session.page.click('[data-testid=backtest-view] button[type=submit]');
    await expect
      .poll(() => session.page.textContent('[data-testid=backtest-form-error]'), { timeout: 10_000 })
      .toMatch(/sp500-2000\.csv has bars of 1 day and minutes\.csv of 1 min: a backtest runs on one bar interval/);
    expect(await session.page.locator('[data-testid=backtest-runs] tr[data-run]').count()).toBe(before);
    expect(session.pageErrors).toEqual([]);
  });

  it('downloads bars from IB with progress; the file joins the data files, chosen, and a backtest runs on it', async () => {
    await session.page.click('[data-testid=ib-download] button[aria-expanded]');
    await session.page.fill('[aria-label="download symbol"]', 'msft');
    await session.page.selectOption('[aria-label="download bar size"]', '1h');
    await session.page.fill('[aria-label="download from"]', '2024-01-02');
    await session.page.fill('[aria-label="download to"]', '2024-04-30');
    await session.page.click('[data-testid=ib-download] button:text-is("Download")');
    const row = session.page.locator('[data-testid=ib-downloads] li').first();
    await until(async () => (await row.getAttribute('data-state')) === 'done', 'the download to finish', 30_000);
    expect(await row.textContent()).toMatch(/^MSFT-1h-2024-01-02-2024-04-30\.csv \d+ bars, ready$/);
    const file = session.page.locator('[data-testid=backtest-view] fieldset label', { hasText: 'MSFT-1h-2024-01-02-2024-04-30.csv' });
    await until(async () => (await file.count()) === 1 && (await file.locator('input').isChecked()), 'the downloaded file, chosen');
    mkdirSync(ARTIFACTS, { recursive: true });
    await session.page.screenshot({ path: `${ARTIFACTS}/ib-download.png` });

    await session.page.locator('[data-testid=backtest-view] label[data-source=bundled] input').uncheck();
    await session.page.locator('[data-testid=backtest-view] label', { hasText: 'minutes.csv' }).locator('input').uncheck();
    await session.page.fill('[aria-label="run from"]', '2024-01-02');
    await session.page.fill('[aria-label="run to"]', '2024-04-30');
    const before = await session.page.locator('[data-testid=backtest-runs] tr[data-run]').count();
    await session.page.click('[data-testid=backtest-view] button[type=submit]');
    const run = session.page.locator('[data-testid=backtest-runs] tr[data-run]').first();
    await until(async () => (await session.page.locator('[data-testid=backtest-runs] tr[data-run]').count()) > before, 'a new run');
    await until(async () => (await run.getAttribute('data-status')) !== 'running', 'the run on the download', 60_000);
    expect(await run.getAttribute('data-status')).toBe('done');
    expect(await run.textContent()).toMatch(/MSFT-1h-2024-01-02-2024-04-30\.csv/);
    expect(session.pageErrors).toEqual([]);
  });
});
