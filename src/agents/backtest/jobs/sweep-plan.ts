import { BacktestConfigSchema, type BacktestConfig } from '../backtest-config.ts';
import type { Job } from './job-graph.ts';
import type { BacktestTask } from './backtest-task.ts';

export type GridValue = string | number | boolean;

export interface SweepSpec {
  files: readonly string[];
  base: BacktestConfig;
  /** Dotted config paths and the values to try (`optimizer.targetVolatility: [0.05, 0.1]`). */
  grid: Record<string, readonly GridValue[]>;
  walkForward?: { trainBars: number; testBars: number };
  fromMs?: number;
  toMs?: number;
  /** Keep each grid point's journal (its test windows' in a walk-forward) for `quorum runs show --decisions`. */
  keepDecisions?: boolean;
}

export interface SweepPoint {
  params: Record<string, GridValue>;
  config: BacktestConfig;
}

export interface Window {
  trainFromMs: number;
  testFromMs: number;
  testToMs: number;
}

export interface SweepJob {
  kind: 'backtest' | 'train' | 'test';
  point: number;
  window: number | null;
  task: BacktestTask;
  /** A test window's: where its train window starts, the bars that warm its agents up. */
  warmFromMs?: number;
}

/** Every combination of the grid's values, applied to the base config and checked (errors name the path). */
export function expandGrid(base: BacktestConfig, grid: SweepSpec['grid']): SweepPoint[] {
  let points: Record<string, GridValue>[] = [{}];
  for (const [path, values] of Object.entries(grid)) {
    if (!values.length) throw new Error(`grid ${path}: no values`);
    points = points.flatMap((p) => values.map((v) => ({ ...p, [path]: v })));
  }
  return points.map((params) => {
    const json = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    for (const [path, value] of Object.entries(params)) {
      const keys = path.split('.');
      let node = json;
      for (const k of keys.slice(0, -1)) {
        if (typeof node[k] !== 'object' || node[k] === null) throw new Error(`grid ${path}: ${k} is not a section of the config`);
        node = node[k] as Record<string, unknown>;
      }
      node[keys.at(-1)!] = value;
    }
    const parsed = BacktestConfigSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(
        `grid ${Object.entries(params)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}: ${issue.path.join('.')}: ${issue.message}`,
      );
    }
    return { params, config: parsed.data };
  });
}

/** Rolling windows over the bar timeline: train on `trainBars`, test the next `testBars`, step by `testBars`. */
export function walkForwardWindows(timeline: readonly number[], trainBars: number, testBars: number): Window[] {
  const out: Window[] = [];
  for (let start = 0; start + trainBars + 1 < timeline.length; start += testBars) {
    const test = start + trainBars;
    const end = Math.min(test + testBars, timeline.length) - 1;
    out.push({ trainFromMs: timeline[start]!, testFromMs: timeline[test]!, testToMs: timeline[end]! });
  }
  if (!out.length) throw new Error(`walk-forward needs more than ${trainBars + 1} bars; the period has ${timeline.length}`);
  return out;
}

/** The job graph: one backtest per grid point, or per point a train job and, after it, its test job for each window. */
export function planSweep(spec: SweepSpec, points: readonly SweepPoint[], windows: readonly Window[] | null): Job<SweepJob>[] {
  const range = { ...(spec.fromMs !== undefined ? { fromMs: spec.fromMs } : {}), ...(spec.toMs !== undefined ? { toMs: spec.toMs } : {}) };
  // The decisions kept are the ones a result reports: a train window's are in-sample and are not kept.
  const keep = spec.keepDecisions ? { keepJournal: true } : {};
  return points.flatMap((p, point): Job<SweepJob>[] => {
    if (!windows)
      return [
        {
          id: `p${point}`,
          needs: [],
          payload: { kind: 'backtest' as const, point, window: null, task: { files: spec.files, config: p.config, ...range, ...keep } },
        },
      ];
    return windows.flatMap((w, window) => [
      {
        id: `p${point}-w${window}-train`,
        needs: [],
        payload: {
          kind: 'train' as const,
          point,
          window,
          task: { files: spec.files, config: p.config, fromMs: w.trainFromMs, toMs: w.testFromMs - 1 },
        },
      },
      {
        id: `p${point}-w${window}-test`,
        needs: [`p${point}-w${window}-train`],
        payload: {
          kind: 'test' as const,
          point,
          window,
          task: { files: spec.files, config: p.config, fromMs: w.testFromMs, toMs: w.testToMs, ...keep },
          warmFromMs: w.trainFromMs,
        },
      },
    ]);
  });
}
