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
if (major < 22) {
  const bundled = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) {
    console.error(`quorum: Node ${process.versions.node} is too old (need ≥ 22) and no bundled Node was found; run \`npm install\` first.`);
    process.exit(1);
  }
  // A signal to this process (a service manager's SIGTERM, `kill PID`) reaches the real one too:
  // `quorum serve` then stops its engine and exits, instead of running on without its parent.
  const child = spawn(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  process.exit(code);
}
await import(join(root, 'src', 'cli', 'main.ts'));
