import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.ts';
import { until } from './serve-process.ts';
import { ARTIFACTS, useWorkstation } from './workstation-session.ts';
import { WsClient } from './ws-client.ts';

const SP500 = fileURLToPath(new URL('../resources/data/sp500-2000.csv', import.meta.url));
const DEFAULT_MODEL = fileURLToPath(new URL('../resources/models/quorum-default.onnx', import.meta.url));

const session = useWorkstation(['--replay', SP500, '--replay-speed', '2160000']);

describe('analysts and models in the workstation, replaying the S&P 500 at 25 bars a second', () => {
  it('registers the shipped default model on a new profile, loads it on CPU and shows its votes', async () => {
    const row = session.page.locator('[data-model="quorum-default@1"]');
    await until(async () => (await row.count()) > 0, 'the default model row', 30_000);
    await expect.poll(() => row.locator('select').inputValue(), { timeout: 10_000 }).toBe('active');
    await expect.poll(() => row.locator('[data-testid="provider-quorum-default@1"]').textContent(), { timeout: 10_000 }).toBe('on cpu');
    await until(
      async () => (await session.page.locator('[data-testid=signals] tr[data-agent="model.quorum-default"]').count()) > 0,
      'a model signal',
      40_000,
    );
    await until(
      async () => (await session.page.locator('[data-testid=signals] tr[data-agent="analyst.technical"]').count()) > 0,
      'a technical signal',
    );
    await until(
      async () => Number((await row.locator('td').nth(3).textContent())!.split(' / ')[0]) > 0,
      'votes counted in the models panel',
    );
    // A bars-only replay has no order book: the depth panel lists the latest bars instead, newest
    // first, in cents (the file's float noise is not a price).
    const recent = session.page.locator('[data-testid=recent-bars] tbody tr');
    await until(async () => (await recent.count()) >= 2, 'the latest bars in the depth panel');
    // One read of the whole table: it moves on 25 times a second.
    const cells = await session.page.$$eval('[data-testid=recent-bars] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expect(cells[0]![0]! > cells[1]![0]!).toBe(true);
    expect(cells[0]!.slice(1, 5).every((p) => /^\d+\.\d\d$/.test(p))).toBe(true);
  });

  it('keeps the audit log current while the agents only vote (no orders), daily bars shown by their date', async () => {
    const cells = session.page.locator('[data-testid=audit-table] tbody tr td');
    const topSeq = async () => Number(await cells.first().textContent());
    await until(
      async () => (await session.page.locator('[data-testid=audit-table] td', { hasText: 'DecisionMade' }).count()) > 0,
      'a decision in the audit log',
      20_000,
    );
    const first = await topSeq();
    await until(async () => (await topSeq()) > first, 'the audit log following the journal', 10_000);
    expect(await cells.nth(1).textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('shows the latest decision with every vote, weight and confidence, and the agreement matrix', async () => {
    const card = session.page.locator('[data-panel=consensus] .consensus-decision[data-instrument="REPLAY:SP500-2000"]');
    await until(async () => (await card.count()) > 0, 'a decision card', 30_000);
    await until(async () => (await card.locator('tbody tr').count()) >= 2, 'votes of the technical analyst and the model', 30_000);
    const agents = await card.locator('tbody tr td:first-child').allTextContents();
    expect(agents).toEqual(expect.arrayContaining(['technical', 'model quorum-default']));
    expect(await card.getAttribute('data-action')).toMatch(/^(buy|sell|hold)$/);
    await until(async () => (await session.page.locator('.agreement-matrix td').count()) === 4, 'the 2 × 2 agreement matrix');
    const toggle = session.page.locator('[data-panel=consensus] button', { hasText: 'Agents trade' });
    expect(await toggle.textContent()).toBe('Agents trade: off');
    await toggle.click();
    await expect.poll(() => toggle.textContent(), { timeout: 10_000 }).toBe('Agents trade: on');
    // The trader's switch is on the record.
    const ws = await WsClient.open(session.serve);
    const recent = await ws.api.audit.recent({ limit: 500 });
    ws.close();
    expect(recent.filter((r) => r.type === 'AgentsTradingChanged').map((r) => JSON.parse(r.payload).enabled)).toEqual([true]);
    // As a journaled command from the trader, then the change it made.
    expect(recent.filter((r) => r.type === 'SetAgentsTrading').map((r) => JSON.parse(r.payload))).toMatchObject([
      { enabled: true, source: 'trader' },
    ]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await session.page.screenshot({ path: `${ARTIFACTS}/consensus.png` });
  });

  it('opens a signal to its rationale: indicator values, model id and hash', async () => {
    await session.page.locator('[data-testid=signals] tr[data-agent="model.quorum-default"]').first().click();
    const rationale = session.page.locator('[data-testid=signals] tr.rationale');
    await expect.poll(() => rationale.textContent()).toMatch(/model quorum-default@1 · sha256 [0-9a-f]{16}/);
    expect(await rationale.textContent()).toContain('p_up');
  });

  it('draws the regime band under the candles once the regime model is fitted, and marks anomalous bars', async () => {
    await until(
      async () => Number(await session.page.getAttribute('[data-testid=chart]', 'data-regime-bars')) > 0,
      'regime estimates',
      60_000,
    );
    expect(['calm', 'turbulent']).toContain(await session.page.getAttribute('[data-testid=chart]', 'data-regime'));
    // Bars the regime watcher finds anomalous (return or volume beyond 5σ of the last 60 bars: the
    // September 2001 reopening is one) are marked on the chart from their journaled alerts.
    await until(
      async () => Number(await session.page.getAttribute('[data-testid=chart]', 'data-anomaly-markers')) > 0,
      'an anomaly marker',
      60_000,
    );
    // The legend says what the strip is: the likeliest state and its probability.
    await expect.poll(() => session.page.textContent('[data-panel=chart] .regime-legend')).toMatch(/regime\s+(calm|turbulent) \d+%/);
  });

  it('shows the oscillator the trader picks in a pane under the candles: RSI first, then MACD', async () => {
    const chart = session.page.locator('[data-testid=chart]');
    expect(await chart.getAttribute('data-oscillator')).toBe('rsi');
    await until(async () => Number(await chart.getAttribute('data-oscillator-points')) > 0, 'RSI points');
    await session.page.selectOption('[data-testid=oscillator-picker]', 'macd');
    await expect.poll(() => chart.getAttribute('data-oscillator')).toBe('macd');
    const candles = Number(await chart.getAttribute('data-candles'));
    expect(candles).toBeGreaterThan(26);
    // MACD's line starts once EMA(26) is warm: every candle from the 26th has a point.
    await until(
      async () => Number(await chart.getAttribute('data-oscillator-points')) >= candles - 25,
      'MACD points for the loaded candles',
    );
    await session.page.selectOption('[data-testid=oscillator-picker]', 'none');
    await expect.poll(() => chart.getAttribute('data-oscillator-points')).toBe('0');
    await session.page.selectOption('[data-testid=oscillator-picker]', 'rsi');
  });

  it('refuses a file that is not a model with a clear message, and keeps what is registered', async () => {
    const bad = `${session.serve.dataDir}/not-a-model.onnx`;
    writeFileSync(bad, 'date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,100\n');
    await session.page.setInputFiles('[data-testid=model-file]', bad);
    await expect
      .poll(() => session.page.textContent('[data-testid=model-message]'), { timeout: 10_000 })
      .toMatch(/not-a-model\.onnx: not (a valid ONNX|an ONNX model)/);
    expect(await session.page.locator('[data-testid=models] tbody tr').count()).toBe(1);
  });

  it('imports a second version from the command line through the running server, then shadows it', async () => {
    const r = runCli(['model', 'import', DEFAULT_MODEL, '--name', 'quorum-default', '--data', session.serve.dataDir]);
    // The same bytes are refused: the registry keys files by their hash.
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('already registered as quorum-default@1');
    const list = runCli(['model', 'list', '--json', '--data', session.serve.dataDir]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((m: { id: string }) => m.id)).toEqual(['quorum-default@1']);
    const ws = await WsClient.open(session.serve);
    const after = await ws.api.models.setStatus({ modelId: 'quorum-default@1', status: 'shadow' });
    ws.close();
    expect(after.status).toBe('shadow');
    await expect
      .poll(() => session.page.locator('[data-model="quorum-default@1"] select').inputValue(), { timeout: 10_000 })
      .toBe('shadow');
    await until(
      async () => (await session.page.locator('[data-testid=signals] .badge', { hasText: 'shadow' }).count()) > 0,
      'a shadow vote',
      20_000,
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    await session.page.screenshot({ path: `${ARTIFACTS}/analysts-models.png` });
    expect(session.pageErrors).toEqual([]);
  });
});
