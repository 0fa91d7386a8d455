import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.ts';
import { until } from './serve-process.ts';
import { WsClient } from './ws-client.ts';
import { ARTIFACTS, useWorkstation } from './workstation-session.ts';

const session = useWorkstation(['--bar-ms', '1000']);

const candles = async () => Number(await session.page.getAttribute('[data-testid=chart]', 'data-candles'));
const processRow = (name: string) => session.page.locator(`[data-process=${name}]`);
const engineRow = () => processRow('engine');

/** SIGKILLs a supervised process, as the health panel names it, and waits for its second generation to run; returns the old pid. */
async function killAndAwaitRestart(name: string): Promise<number> {
  const pid = Number(await processRow(name).getAttribute('data-pid'));
  expect(pid).toBeGreaterThan(0);
  process.kill(pid, 'SIGKILL');
  await until(
    async () =>
      (await processRow(name).getAttribute('data-generation')) === '2' && (await processRow(name).getAttribute('data-state')) === 'running',
    `${name} restart`,
  );
  return pid;
}

describe('the workstation in headless Chromium against quorum serve', () => {
  it('shows the simulated market banner and a chart that receives new candles', async () => {
    await expect.poll(() => session.page.textContent('[data-testid=mode-banner]'), { timeout: 15_000 }).toContain('SIM · Simulated market');
    // The mode is in the window title too (SIM / PAPER / LIVE).
    expect(await session.page.title()).toBe('Quorum · SIM');
    const first = await until(async () => ((await candles()) >= 2 ? candles() : 0), 'first candles');
    await until(async () => (await candles()) >= first + 2, 'two more candles');
    expect(await session.page.textContent('[data-testid=link-state]')).toContain('engine connected');
  });

  it('halts from the kill switch dialog and shows HALTED', async () => {
    await session.page.click('[data-testid=kill-switch]');
    await session.page.click('[data-testid=halt-confirm]');
    await expect.poll(() => session.page.textContent('[data-testid=trading-state]'), { timeout: 10_000 }).toBe('HALTED');
    await expect
      .poll(() => session.page.locator('[data-testid=audit-table]').textContent(), { timeout: 10_000 })
      .toContain('TradingStateChanged');
  });

  it('survives SIGKILL of the engine: restarted, reconnected, still HALTED, candles flowing', async () => {
    const pid = await killAndAwaitRestart('engine');
    expect(Number(await engineRow().getAttribute('data-pid'))).not.toBe(pid);
    expect(await session.page.textContent('[data-testid=restarts-engine]')).toBe('1');
    await expect.poll(() => session.page.textContent('[data-testid=link-state]'), { timeout: 10_000 }).toContain('engine connected');
    expect(await session.page.textContent('[data-testid=trading-state]')).toBe('HALTED');
    const after = await candles();
    await until(async () => (await candles()) > after, 'a candle from the restarted engine');
    await expect.poll(() => session.page.textContent('[data-testid=inference-runtime]'), { timeout: 10_000 }).toContain('onnxruntime-node');
    mkdirSync(ARTIFACTS, { recursive: true });
    await session.page.screenshot({ path: `${ARTIFACTS}workstation.png` });
  });

  it('survives SIGKILL of the inference process: the engine carries on, the new process is linked again', async () => {
    const enginePid = await engineRow().getAttribute('data-pid');
    await killAndAwaitRestart('inference');
    expect(await engineRow().getAttribute('data-pid')).toBe(enginePid);
    const after = await candles();
    await until(async () => (await candles()) > after, 'candles while the model process was replaced');
    // The engine reaches the new process over a new socket: asked now, it answers, with the default
    // model loaded again in it.
    const ws = await WsClient.open(session.serve);
    try {
      const health = await until(async () => {
        const h = await ws.api.system.health({});
        return h.inference.state === 'connected' ? h : null;
      }, 'the engine to reach the new inference process');
      expect(health.inference.roundTripMs).toBeGreaterThanOrEqual(0);
      await until(async () => {
        const m = await ws.api.models.list({});
        return m.loaded.some((l) => l.id.startsWith('quorum-default'));
      }, 'the default model loaded in the new process');
    } finally {
      ws.close();
    }
  });

  it('resumes only after confirmation, and the journal verifies', async () => {
    await session.page.click('[data-testid=resume]');
    await session.page.click('[data-testid=resume-confirm]');
    await expect.poll(() => session.page.textContent('[data-testid=trading-state]'), { timeout: 10_000 }).toBe('ACTIVE');
    const verify = runCli(['audit', 'verify', '--data', session.serve.dataDir]);
    expect(verify.stdout).toMatch(/journal ok: \d+ rows, chain intact/);
    expect(session.pageErrors).toEqual([]);
  });
});
