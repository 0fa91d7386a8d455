import type { BacktestTask } from '../jobs/backtest-task.ts';
import type { SweepJob } from '../jobs/sweep-plan.ts';
import type { DatasetRef } from './datasets.ts';

/** A sweep job as it travels through Redis: the files it names are replaced by their hashes. */
export interface QueuedJob {
  /** The job's id in its sweep's graph (`p3`, `p0-w2-test`). */
  id: string;
  kind: SweepJob['kind'];
  task: BacktestTask;
  warmFromMs?: number;
  /** Each path the task names (its bar files and model files) → the dataset it stands for. */
  files: Record<string, DatasetRef>;
}

/** Every file a task reads: its bar files and its models. */
export const filesOf = (task: BacktestTask): string[] => [...task.files, ...task.config.models.map((m) => m.file)];

/** The task with each path replaced (the submitter's paths by the worker's copies). */
export function withPaths(task: BacktestTask, path: (file: string) => string): BacktestTask {
  return {
    ...task,
    files: task.files.map(path),
    config: { ...task.config, models: task.config.models.map((m) => ({ ...m, file: path(m.file) })) },
  };
}
