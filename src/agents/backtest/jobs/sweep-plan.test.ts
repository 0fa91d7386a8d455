import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BacktestRuns } from '../../store/backtest-runs.ts';
import { BacktestConfigSchema } from '../backtest-config.ts';
import { runSweep } from './run-sweep.ts';
import { expandGrid, planSweep, walkForwardWindows } from './sweep-plan.ts';

const base = BacktestConfigSchema.parse({});
const SP500 = new URL('../../../../resources/data/sp500-2000.csv', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'quorum-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sweep plans', () => {
  it('expands a grid into every combination, each checked', () => {
    const points = expandGrid(base, { 'optimizer.targetVolatility': [0.05, 0.1], 'consensus.buyThreshold': [0.1, 0.2, 0.3] });
    expect(points).toHaveLength(6);
    expect(points[5]!.config.optimizer.targetVolatility).toBe(0.1);
    expect(points[5]!.config.consensus.buyThreshold).toBe(0.3);
    expect(() => expandGrid(base, { 'optimizer.method': ['magic'] })).toThrow(/grid optimizer\.method=magic: optimizer\.method:/);
    expect(() => expandGrid(base, { 'seed.x': [1] })).toThrow(/seed is not a section/);
    // A misspelt setting would sweep nothing: every point the same run.
    expect(() => expandGrid(base, { 'consensus.buyTreshold': [0.1, 0.2] })).toThrow(
      /grid consensus\.buyTreshold=0\.1: consensus: .*buyTreshold/,
    );
    expect(() => expandGrid(base, { 'optimizer.lookBack': [60] })).toThrow(/optimizer: .*lookBack/);
  });

  it('rolls train and test windows over the timeline, and tests only after training', () => {
    const timeline = Array.from({ length: 1000 }, (_, i) => i * 10);
    const windows = walkForwardWindows(timeline, 500, 200);
    expect(windows).toEqual([
      { trainFromMs: 0, testFromMs: 5000, testToMs: 6990 },
      { trainFromMs: 2000, testFromMs: 7000, testToMs: 8990 },
      { trainFromMs: 4000, testFromMs: 9000, testToMs: 9990 },
    ]);
    const jobs = planSweep({ files: ['x.csv'], base, grid: {} }, expandGrid(base, {}), windows);
    expect(jobs.map((j) => [j.id, j.needs])).toEqual([
      ['p0-w0-train', []],
      ['p0-w0-test', ['p0-w0-train']],
      ['p0-w1-train', []],
      ['p0-w1-test', ['p0-w1-train']],
      ['p0-w2-train', []],
      ['p0-w2-test', ['p0-w2-train']],
    ]);
    expect(() => walkForwardWindows(timeline.slice(0, 100), 500, 200)).toThrow(/needs more than 501 bars/);
  });
});

describe('runSweep', () => {
  it('runs a walk-forward on worker threads and stores progress and metrics per grid point', async () => {
    const runs = BacktestRuns.open(join(dir, 'backtests.sqlite'));
    const progress: number[] = [];
    const from = Date.UTC(2004, 0, 1);
    const to = Date.UTC(2009, 11, 31);
    const { runId, points } = await runSweep(
      {
        files: [SP500],
        base,
        grid: { 'optimizer.method': ['volatility-target', 'risk-parity'] },
        walkForward: { trainBars: 500, testBars: 250 },
        fromMs: from,
        toMs: to,
      },
      { workers: 2, runs, label: 'test', now: () => 0, onProgress: (p) => progress.push(p.done) },
    );
    expect(points.map((p) => p.error)).toEqual([null, null]);
    for (const p of points) {
      expect(p.windows!.length).toBeGreaterThanOrEqual(3);
      expect(p.metrics!.trades).toBe(p.windows!.reduce((s, w) => s + w.metrics.trades, 0));
    }
    const run = runs.get(runId)!;
    expect(run).toMatchObject({ kind: 'walk-forward', status: 'done', total: run.done, failed: 0 });
    expect(Math.max(...progress)).toBe(run.total);
    expect(runs.results(runId).map((r) => r.params)).toEqual([
      { 'optimizer.method': 'volatility-target' },
      { 'optimizer.method': 'risk-parity' },
    ]);
    // The stitched out-of-sample curve starts where the first test window starts.
    const curve = runs.results(runId)[0]!.curve;
    expect(new Date(curve[0]![0]).toISOString().slice(0, 10)).toBe(points[0]!.windows![0]!.testFrom);
    // Its trades are the test windows' fills, in order and inside the tested period.
    const trades = runs.results(runId)[0]!.trades;
    expect(trades.length).toBeGreaterThanOrEqual(points[0]!.metrics!.trades);
    expect(trades.map((t) => t[0])).toEqual([...trades.map((t) => t[0])].sort((a, b) => a - b));
    expect(trades[0]![0]).toBeGreaterThanOrEqual(curve[0]![0]);
    runs.close();
  });
});
