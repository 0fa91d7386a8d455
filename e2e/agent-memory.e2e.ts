import { describe, expect, it } from 'vitest';
import { runCliAsync } from '../src/cli/run-cli.ts';
import { journalEvents } from './journal-events.ts';
import { until } from './serve-process.ts';
import { ARTIFACTS, useWorkstation } from './workstation-session.ts';

const session = useWorkstation();

type Listing = { trading: boolean; agents: { agentId: string; checkpoints: { id: number; stateHash: string }[] }[] };
const listed = async (): Promise<Listing> => {
  const r = await runCliAsync(['agents', 'list', '--json', '--data', session.serve.dataDir]);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Listing;
};

describe("the Health panel's metrics", () => {
  it("shows the engine's counters moving, its latencies and its event-loop lag", async () => {
    const { page } = session;
    await page.click('[data-panel=health] [role=tab]:has-text("Metrics")');
    const bars = page.locator('[data-testid=metric-total-bars]');
    const first = Number(await until(async () => (await bars.count()) && (await bars.textContent()), 'the bars counted', 20_000));
    await until(async () => Number(await bars.textContent()) > first, 'the bar count moving', 20_000);
    const decision = page.locator('[data-testid=metrics-latencies] tr[data-metric=quorum_decision_latency_seconds]');
    // Decisions come once the analysts have warmed up.
    await until(async () => /^decision[1-9]\d*[\d.]+ ms[\d.]+ ms$/.test((await decision.textContent()) ?? ''), 'decisions timed', 40_000);
    expect(await page.textContent('[data-testid=event-loop-lag]')).toMatch(/^p50 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms$/);
    expect(await page.textContent('[data-metric=quorum_decisions_total]')).toMatch(/^decisions\d+(hold|buy|sell) \d+/);
    await page.locator('[data-panel=health]').screenshot({ path: `${ARTIFACTS}health-metrics.png` });
  });
});

describe("the agents' memory from the Health panel and quorum agents", () => {
  it('checkpoints consensus from the panel, and the CLI sees it through the server', async () => {
    const { page } = session;
    await page.click('[data-panel=health] [role=tab]:has-text("Agents")');
    await page.waitForSelector('[data-testid=agents-memory]');
    // Let consensus score a few signals first.
    await page.waitForTimeout(8_000);
    await page.click('[data-testid="checkpoint-consensus.engine"]');
    await until(async () => /checkpoint \d+ saved/.test((await page.textContent('[data-testid=memory-outcome]')) ?? ''), 'the checkpoint');
    await until(
      async () => (await page.locator('[data-agent="consensus.engine"] tr[data-checkpoint]').count()) === 1,
      'the checkpoint listed',
    );
    const consensus = (await listed()).agents.find((a) => a.agentId === 'consensus.engine')!;
    expect(consensus.checkpoints).toHaveLength(1);
    expect(consensus.checkpoints[0]!.stateHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses every change while the agents trade', async () => {
    const { page } = session;
    const toggle = page.locator('[data-panel=consensus] button', { hasText: 'Agents trade' });
    await toggle.click();
    await expect.poll(() => toggle.textContent(), { timeout: 10_000 }).toBe('Agents trade: on');
    const r = await runCliAsync(['agents', 'reset', 'consensus.engine', '--data', session.serve.dataDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the agents are trading: turn their trading off/);
    await until(() => page.isDisabled('[data-testid="checkpoint-consensus.engine"]'), 'the buttons off while trading', 10_000);
    await page.screenshot({ path: `${ARTIFACTS}agents-memory-trading.png` });
    await toggle.click();
    await expect.poll(() => toggle.textContent(), { timeout: 10_000 }).toBe('Agents trade: off');
  });

  it('wipes consensus (asked twice) and restores the checkpoint, each journaled', async () => {
    const { page } = session;
    await until(async () => !(await page.isDisabled('[data-testid="reset-consensus.engine"]')), 'the buttons on again', 10_000);
    await page.click('[data-testid="reset-consensus.engine"]');
    await page.click('[data-testid="confirm-reset-consensus.engine"]');
    await until(async () => /back to its initial state/.test((await page.textContent('[data-testid=memory-outcome]')) ?? ''), 'the wipe');
    const id = (await listed()).agents.find((a) => a.agentId === 'consensus.engine')!.checkpoints[0]!.id;
    await page.click(`[data-testid="restore-consensus.engine-${id}"]`);
    await until(async () => /restored to checkpoint/.test((await page.textContent('[data-testid=memory-outcome]')) ?? ''), 'the restore');
    await page.screenshot({ path: `${ARTIFACTS}agents-memory.png` });

    const memory = await journalEvents<{ action: string; agentId: string; checkpointId: number | null }>(
      session.serve.dataDir,
      'AgentMemoryChanged',
    );
    expect(memory.map((m) => [m.action, m.agentId, m.checkpointId])).toEqual([
      ['checkpoint', 'consensus.engine', id],
      ['reset', 'consensus.engine', null],
      ['restore', 'consensus.engine', id],
    ]);
    expect(session.pageErrors).toEqual([]);
  });
});
