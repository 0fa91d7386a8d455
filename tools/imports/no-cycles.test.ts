import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The import-cycle check `npm test` runs on src (dependency-cruiser with .dependency-cruiser.cjs),
// shown to fail on a cycle planted here, also one through a type-only import.
const depcruise = (target: string) =>
  spawnSync(
    process.execPath,
    ['node_modules/dependency-cruiser/bin/dependency-cruiser.mjs', target, '--config', '.dependency-cruiser.cjs'],
    {
      encoding: 'utf8',
    },
  );

const planted = mkdtempSync(join(tmpdir(), 'quorum-cycle-'));
afterAll(() => rmSync(planted, { recursive: true, force: true }));

describe('the import-cycle check', () => {
  it('fails on a planted cycle and names its modules', () => {
    writeFileSync(
      join(planted, 'kernel.ts'),
      "import { registerServices } from './services.ts';\nexport const kernel = registerServices;\n",
    );
    writeFileSync(
      join(planted, 'services.ts'),
      "import type { kernel } from './kernel.ts';\nexport const registerServices = (k: typeof kernel) => k;\n",
    );
    const r = depcruise(planted);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/no-circular: .*kernel\.ts →\s+.*services\.ts →\s+.*kernel\.ts/);
  });

  it('passes on src', () => {
    const r = depcruise('src');
    expect(r.stdout).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });
});
