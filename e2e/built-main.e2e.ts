import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir } from './serve-process.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Node 24 (the project's own, from the `node` package) runs the fake, which is TypeScript.
const NODE = join(ROOT, 'node_modules/node/bin/node');
const dir = mkdtempSync(join(tmpdir(), 'quorum-built-main-'));
afterAll(() => removeDir(dir));

describe('the built Electron main (out/main/index.js)', () => {
  it('loads, logs, starts both processes, builds the window and the menu, and quits: against the electron fake', () => {
    const run = spawnSync(NODE, [join(ROOT, 'e2e/built-main/run-built-main.mjs'), dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const did = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
      forks: string[];
      menu: string[];
      shortcuts: string[];
      window: Record<string, unknown>;
    };
    expect(did.forks).toEqual([join(ROOT, 'out/main/engine.js'), join(ROOT, 'out/main/inference.js')]);
    expect(did.menu).toEqual(['File', 'editMenu', 'Trading', 'viewMenu', 'windowMenu', 'help']);
    expect(did.shortcuts).toEqual(['CommandOrControl+Shift+H']);
    expect(did.window).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: join(ROOT, 'out/preload/index.cjs'),
    });
    // pino-roll is bundled into main (it is a development package, not shipped): its log file is there.
    const logs = join(dir, 'profile', 'logs');
    expect(readdirSync(logs)).toEqual(['quorum.1.log']);
    expect(readFileSync(join(logs, 'quorum.1.log'), 'utf8')).toContain('"msg":"Quorum starting"');
  });
});
