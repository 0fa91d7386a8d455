import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../src/cli/run-cli.ts';
import { until } from './serve-process.ts';
import { journalEvents } from './journal-events.ts';
import { headlineModelBytes } from '../src/agents/analysts/news/headline-model.test-helper.ts';
import { ARTIFACTS, useWorkstation } from './workstation-session.ts';

const SP500 = fileURLToPath(new URL('../resources/data/sp500-2000.csv', import.meta.url));
const DAY = 86_400_000;

// A headline every afternoon of 2000 and 2001 about the replayed index: the news analyst has a vote on every bar.
const dir = mkdtempSync(join(tmpdir(), 'quorum-news-e2e-'));
const NEWS = join(dir, 'headlines.jsonl');
writeFileSync(
  NEWS,
  Array.from({ length: 730 }, (_, d) =>
    JSON.stringify({
      ts: new Date(Date.UTC(2000, 0, 1) + d * DAY + 14 * 3_600_000).toISOString(),
      source: 'e2e wire',
      symbols: ['SP500-2000'],
      headline: `Stocks rally strongly on record profit, day ${d + 1}`,
    }),
  ).join('\n'),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const session = useWorkstation(['--replay', SP500, '--replay-speed', '2160000', '--news', NEWS]);

describe('the news analyst in the workstation, a headlines file beside the S&P 500 replay', () => {
  it('lists the headlines it has read, with their scores, and votes in consensus like the other analysts', async () => {
    const { page } = session;
    await page.click('[data-panel=signals] [role=tab]:has-text("News")');
    const rows = page.locator('[data-testid=news] [data-testid=headline]');
    await until(async () => (await rows.count()) >= 3, 'headlines in the news tab', 30_000);
    const first = await rows.first().locator('td').allTextContents();
    expect(Number(first[1])).toBeGreaterThan(0.5);
    expect(first[2]).toMatch(/^Stocks rally strongly on record profit, day \d+$/);
    expect(first[3]).toBe('e2e wire');
    const card = page.locator('[data-panel=consensus] .consensus-decision[data-instrument="REPLAY:SP500-2000"]');
    await until(
      async () => (await card.locator('tbody tr td:first-child', { hasText: 'news' }).count()) > 0,
      'the news vote in consensus',
      30_000,
    );
    // The headlines are marked on the bars whose vote they moved.
    await until(async () => Number(await page.getAttribute('[data-testid=chart]', 'data-news-markers')) > 0, 'news markers on the chart');
    await page.screenshot({ path: `${ARTIFACTS}news.png` });
  });

  it('puts the news vote on the decision card of a fill it helped decide', async () => {
    const { page } = session;
    const toggle = page.locator('[data-panel=consensus] button', { hasText: 'Agents trade' });
    await toggle.click();
    await expect.poll(() => toggle.textContent(), { timeout: 10_000 }).toBe('Agents trade: on');
    await page.click('[data-panel=blotter] [role=tab]:has-text("Fills")');
    await until(async () => (await page.locator('[data-testid=fills] tbody tr').count()) > 0, 'a fill of the agents', 60_000);
    await page.locator('[data-testid=fills] tbody tr').first().click();
    const decision = page.locator('[data-testid=decision-card] li[data-type=DecisionMade]');
    await until(async () => (await decision.count()) > 0, 'the decision on the card');
    expect(await decision.textContent()).toMatch(/analyst\.news w=\d+\.\d\d dir=0\.\d\d conf=0\.\d\d/);
    // The whole card: observe · reason, the optimizer's plan, the order's acts, and the decision judged after its horizon.
    const card = page.locator('[data-testid=decision-card]');
    expect(await card.locator('li[data-type=TargetsSet]').textContent()).toMatch(
      /PLAN.*the optimizer's targets \(volatility-target\): REPLAY:SP500-2000/i,
    );
    expect(await card.locator('li[data-type=validate]').getAttribute('data-verdict')).toMatch(/^(right|wrong|flat|pending|held)$/);
    expect(await card.locator('[data-testid=validation]').textContent()).toMatch(/^after the signals' horizon \(\d+ d\): /);
    await page.screenshot({ path: `${ARTIFACTS}decision-card.png` });
    // The same card at a terminal.
    const orderId = (await card.locator('dd.mono').first().textContent())!;
    const cli = await runCliAsync(['trace', orderId, '--data', session.serve.dataDir]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/^observe · reason +\S+ \S+ +DecisionMade \(consensus\.engine\)$/m);
    expect(cli.stdout).toMatch(/^plan +\S+ \S+ +TargetsSet \(portfolio\.optimizer\)$/m);
    expect(cli.stdout).toMatch(/^validate +(right|wrong|flat|pending|held): /m);
    expect(session.pageErrors).toEqual([]);
  });

  it("shows what the agents' trading cost, per agent, as quorum costs does", async () => {
    const { page } = session;
    await page.click('[data-panel=blotter] [role=tab]:has-text("Costs")');
    await until(async () => (await page.locator('[data-testid=costs-agents] tr[data-agent]').count()) > 0, 'the costs per agent', 20_000);
    await page.screenshot({ path: `${ARTIFACTS}costs.png` });
    const r = await runCliAsync(['costs', '--json', '--data', session.serve.dataDir]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { agents: { agentId: string; fees: number }[]; totals: { fees: number; orders: number } };
    expect(report.totals.orders).toBeGreaterThan(0);
    expect(report.agents.map((a) => a.agentId)).toContain('analyst.technical');
    // Every order's fees are carried by some agent.
    expect(report.agents.reduce((s, a) => s + a.fees, 0)).toBeCloseTo(report.totals.fees, 1);
  });

  it("scores the headlines with an imported headline model once it is active, in the lexicon's place", async () => {
    const { page } = session;
    const model = join(dir, 'contrarian.onnx');
    writeFileSync(model, headlineModelBytes());
    await page.setInputFiles('[data-testid=model-file]', model);
    const row = page.locator('[data-model="contrarian@1"]');
    await until(async () => (await row.count()) > 0, 'the headline model listed', 20_000);
    expect(await row.locator('td').first().textContent()).toContain('scores headlines for the news analyst');
    await page.selectOption('[data-model="contrarian@1"] select', 'active');
    // Every headline is scored again by the model: "rally strongly on record profit" now reads negative.
    await page.click('[data-panel=signals] [role=tab]:has-text("News")');
    const scored = page.locator('[data-testid=news] [data-testid=headline] td[data-scored-by="contrarian@1"]');
    await until(async () => (await scored.count()) >= 3, 'headlines scored by the model', 30_000);
    expect(Number((await scored.first().textContent())!.replace(/m$/, ''))).toBeLessThan(-0.5);
    // And the news votes that follow say so, pointing down.
    type Decision = { decision: { votes: { agentId: string; signal: { direction: number; rationale: { summary: string } } }[] } };
    const vote = await until(
      async () =>
        (await journalEvents<Decision>(session.serve.dataDir, 'DecisionMade'))
          .flatMap((d) => d.decision.votes)
          .find((v) => v.agentId === 'analyst.news' && v.signal.rationale.summary.includes('scored by contrarian@1')),
      'a news vote scored by the model',
      30_000,
    );
    expect(vote.signal.direction).toBeLessThan(0);
    await page.locator('[data-panel=signals]').screenshot({ path: `${ARTIFACTS}news-model.png` });
  });
});
