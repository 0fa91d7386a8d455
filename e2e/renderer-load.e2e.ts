import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WATCH_MAIN_THREAD, machineCpu, quantile } from './main-thread-watch.ts';
import { until } from './serve-process.ts';
import { ARTIFACTS, useWorkstation } from './workstation-session.ts';

const SP500 = fileURLToPath(new URL('../resources/data/sp500-2000.csv', import.meta.url));
/** Daily bars at 4,320,000× are 50 bars a second. */
const BARS_PER_SECOND = 50;
const WINDOW_MS = 30_000;

const session = useWorkstation(['--replay', SP500, '--replay-speed', String((86_400_000 / 1_000) * BARS_PER_SECOND)]);

describe(`the workstation under a replay at ${BARS_PER_SECOND} bars a second`, () => {
  it('makes no call the trader did not cause, and keeps every task of the page under 50 ms', async () => {
    const { page } = session;
    // Watch the page's wire and its main thread from the first script on: reload with both in place.
    const sent: { at: number; method: string }[] = [];
    const received = { evt: 0, view: 0 };
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => {
        const m = JSON.parse(String(f.payload)) as { t?: string; method?: string };
        if (m.t === 'req') sent.push({ at: Date.now(), method: m.method ?? '?' });
      });
      ws.on('framereceived', (f) => {
        const t = (JSON.parse(String(f.payload)) as { t?: string }).t;
        if (t === 'evt' || t === 'view') received[t]++;
      });
    });
    await page.addInitScript({ content: WATCH_MAIN_THREAD });
    await page.reload();
    const candles = page.locator('[data-testid=chart]');
    await until(async () => Number((await candles.getAttribute('data-candles')) ?? 0) > 100, 'candles from the replay', 30_000);
    // What the page asks for when it connects (the snapshots no view carries) is done within a second or two.
    await page.waitForTimeout(3_000);
    const connectCalls = sent.map((s) => s.method);
    const firstCandles = Number(await candles.getAttribute('data-candles'));
    const before = { sent: sent.length, ...received };
    await page.evaluate('window.longTasks = []; window.frames_ = []; window.longFrames = [];');
    // QUORUM_PROFILE=1 keeps a CPU profile of the page over the window (artifacts/renderer-load.cpuprofile).
    const cdp = process.env['QUORUM_PROFILE'] ? await page.context().newCDPSession(page) : null;
    await cdp?.send('Profiler.enable');
    await cdp?.send('Profiler.start');
    const cpuBefore = machineCpu();
    await page.waitForTimeout(WINDOW_MS);
    const cpuAfter = machineCpu();
    if (cdp) writeFileSync(join(ARTIFACTS, 'renderer-load.cpuprofile'), JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const { longTasks, frames, longFrames } = (await page.evaluate(
      '({ longTasks: window.longTasks, frames: window.frames_, longFrames: window.longFrames })',
    )) as { longTasks: number[]; frames: number[]; longFrames: { blockingMs: number }[] };
    const lastCandles = Number(await candles.getAttribute('data-candles'));
    const report = {
      barsPerSecond: BARS_PER_SECOND,
      windowMs: WINDOW_MS,
      callsOnConnect: connectCalls,
      callsInWindow: sent.slice(before.sent).map((s) => s.method),
      eventsInWindow: received.evt - before.evt,
      viewsInWindow: received.view - before.view,
      candlesInWindow: lastCandles - firstCandles,
      // How busy the machine's cores were over the window (the page, the engine and anything else running): a long task on a saturated machine may be time the page waited for a core.
      machineBusy: Math.round(((cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total)) * 100) / 100,
      cores: cpus().length,
      longTasks: { count: longTasks.length, p95Ms: quantile(longTasks, 0.95), maxMs: Math.max(0, ...longTasks) },
      frames: {
        count: frames.length,
        p95Ms: Math.round(quantile(frames, 0.95) * 10) / 10,
        maxMs: Math.round(Math.max(0, ...frames) * 10) / 10,
      },
      // Frames with a task over 50 ms, with what they ran: the first place to look when the limit is broken.
      longFrames: longFrames.filter((f) => f.blockingMs > 0),
    };
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'renderer-load.json'), JSON.stringify(report, null, 2) + '\n');
    console.log(JSON.stringify(report));

    // The replay really ran through the page: bars drew, events and views arrived.
    expect(report.candlesInWindow).toBeGreaterThan(BARS_PER_SECOND * 10);
    expect(report.eventsInWindow).toBeGreaterThan(1_000);
    expect(report.viewsInWindow).toBeGreaterThan(10);
    // Nothing periodic: every call was made on connecting; none in 30 s of trading.
    expect(report.callsInWindow).toEqual([]);
    expect(report.longTasks.maxMs).toBeLessThan(50);
    expect(session.pageErrors).toEqual([]);
  });
});
