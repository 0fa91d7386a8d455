// Type-checks each layer under its own tsconfig (DESIGN.md §2): shared without Node or DOM, the
// renderer with DOM only, Node layers with Node, main and preload with Electron's types.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PROJECTS = [
  'src/shared/tsconfig.json',
  'src/agents/tsconfig.json',
  'src/native/tsconfig.json',
  'src/host/tsconfig.json',
  'src/cli/tsconfig.json',
  'src/main/tsconfig.json',
  'src/preload/tsconfig.json',
  'src/renderer/tsconfig.json',
  'src/renderer/tsconfig.test.json',
  'tsconfig.tools.json',
];

let failed = 0;
for (const project of PROJECTS.filter((p) => existsSync(p))) {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { stdio: 'inherit' });
  console.log(`${result.status === 0 ? 'ok  ' : 'FAIL'} tsc -p ${project}`);
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
