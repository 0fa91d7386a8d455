import { parentPort } from 'node:worker_threads';
import { runBacktestTask, type BacktestTask } from './backtest-task.ts';

/** A backtest worker thread: one task at a time, answered with its result or its error. */
parentPort!.on('message', (task: BacktestTask) => {
  runBacktestTask(task).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (err: unknown) => parentPort!.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
