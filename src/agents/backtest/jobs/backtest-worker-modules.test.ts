import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** The Node the CLI runs the TypeScript sources with (bin/quorum.js): ≥ 22, or the one npm installed. */
const NODE = Number(process.versions.node.split('.')[0]) >= 23 ? process.execPath : join(ROOT, 'node_modules', 'node', 'bin', 'node');

/** Every module a fresh Node loads to import `module` (by Node's own load hook), as URLs. */
function modulesLoadedBy(module: string): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = [];
    registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });
    await import(${JSON.stringify(new URL(module, `file://${ROOT}`).href)});
    console.log(JSON.stringify(seen));`;
  const r = spawnSync(NODE, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as string[];
}

describe('what a backtest worker loads', () => {
  it('does not load the Interactive Brokers client: the kernel is handed its IB market by whoever starts an IB session', () => {
    const loaded = modulesLoadedBy('src/agents/backtest/jobs/backtest-task.ts');
    expect(loaded.some((u) => u.endsWith('/src/agents/engine/kernel.ts'))).toBe(true);
    expect(loaded.filter((u) => u.includes('/@stoqey/ib/') || u.includes('/rxjs/') || u.includes('/venues/ibkr/ib-market'))).toEqual([]);
  });
});
