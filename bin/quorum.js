#!/usr/bin/env node
// The `quorum` command. Quorum needs Node ≥ 22 (it runs its TypeScript sources natively and its
// native dependencies are built for Node-API 10). Where the Node on PATH is older, re-run this
// script with the Node that `npm install` put in node_modules.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);
// The batch commands allocate fast for minutes (a backtest of a million bars, a sweep, a queue
// worker). They run with V8's young generation capped at 3 × 16 MB instead of growing to 128 MB,
// the old generation let grow by half its live size between full collections (V8 picks a factor
// of up to 4 from how busy the program is, so the peak had moved by 100 MB from run to run), and
// glibc giving freed memory back above 1 MB instead of keeping it (a freed block had moved its
// threshold up to 32 MB): a 1,000,000-bar backtest peaked at 570–670 MB without these, 310–340 MB
// with them, and ran no slower (README, "Issue 19's targets"). The flags are V8's, for the Node
// that `npm install` pins.
const BATCH = new Set(['backtest', 'sweep', 'worker']);
const tune = BATCH.has(process.argv[2] ?? '') && process.env.QUORUM_BATCH_TUNED !== '1';
if (major < 22 || tune) {
  const bundled = join(root, 'node_modules', 'node', 'bin', 'node');
  if (major < 22 && !existsSync(bundled)) {
    console.error(`quorum: Node ${process.versions.node} is too old (need ≥ 22) and no bundled Node was found; run \`npm install\` first.`);
    process.exit(1);
  }
  const flags = tune ? ['--max-semi-space-size=16', '--heap-growing-percent=50'] : [];
  const env = tune
    ? { ...process.env, QUORUM_BATCH_TUNED: '1', MALLOC_TRIM_THRESHOLD_: process.env.MALLOC_TRIM_THRESHOLD_ ?? '1048576' }
    : process.env;
  // A signal to this process (a service manager's SIGTERM, `kill PID`) reaches the real one too:
  // `quorum serve` then stops its engine and exits, instead of running on without its parent.
  const node = major < 22 ? bundled : process.execPath;
  const child = spawn(node, [...process.execArgv, ...flags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env,
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  process.exit(code);
}
await import(join(root, 'src', 'cli', 'main.ts'));
