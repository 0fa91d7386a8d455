import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** Lints `code` as if it lived at `file` (relative to the repo) and returns the rule ids that fired. */
async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the layering lint bites', () => {
  it.each([
    ['src/shared/bad.ts', "import { Kernel } from '../agents/engine/kernel.ts';\nexport const k = Kernel;", 'shared may not import agents'],
    ['src/shared/bad.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;", 'shared runs without Node'],
    [
      'src/renderer/bad.tsx',
      "import { Store } from '../agents/store/store.ts';\nexport const s = Store;",
      'renderer may not import agents',
    ],
    [
      'src/agents/bad.ts',
      "import { app } from 'electron';\nexport const a = app;",
      '"electron" may only be imported in src/main/, src/preload/',
    ],
    [
      'src/agents/engine/bad.ts',
      "import Database from 'better-sqlite3';\nexport const d = Database;",
      '"better-sqlite3" may only be imported in src/agents/store/',
    ],
    [
      'src/agents/analysts/bad.ts',
      "import * as ort from 'onnxruntime-node';\nexport const o = ort;",
      '"onnxruntime-node" may only be imported in src/agents/inference/',
    ],
    ['src/host/bad.ts', "import { Kernel } from '../agents/engine/kernel.ts';\nexport const k = Kernel;", 'host may not import agents'],
    [
      'src/main/bad.ts',
      "import { Kernel } from '../agents/engine/kernel.ts';\nexport const k = Kernel;",
      'main may refer to agents only by path',
    ],
    [
      'src/agents/bad.ts',
      "import { x } from '../native/crate/binding.ts';\nexport const y = x;",
      'agents reach native only through src/native/index.ts',
    ],
    ['src/preload/bad.ts', "import { App } from '../renderer/app.tsx';\nexport const a = App;", 'preload may not import renderer'],
  ])('%s: %s', async (file, code, expected) => {
    expect((await lint(file, code)).join('\n')).toContain(expected);
  });

  it.each([
    ['Date.now()', "'Date.now' is restricted"],
    ['Math.random()', "'Math.random' is restricted"],
    ['setTimeout(() => {}, 1)', "Unexpected use of 'setTimeout'"],
    ['new Date()', 'engine code reads time from the injected Clock'],
  ])('bans %s in engine code', async (expr, expected) => {
    expect((await lint('src/agents/risk/bad.ts', `export const v = ${expr};`)).join('\n')).toContain(expected);
  });

  it.each([
    ['src/agents/backtest/bad.ts', "export const q = (db: { prepare(s: string): unknown }) => db.prepare('UPDATE account SET cash = 1');"],
    ['src/cli/bench/bad.ts', 'export const q = `SELECT * FROM journal WHERE seq = ${1}`;'],
    ['src/agents/services/bad.ts', "export const p = (db: { pragma(s: string): unknown }) => db.pragma('journal_mode = WAL');"],
  ])('keeps SQL in src/agents/store: %s', async (file, code) => {
    expect((await lint(file, code)).join('\n')).toContain('SQL belongs in src/agents/store');
    expect(await lint('src/agents/store/ok.ts', code)).toEqual([]);
  });

  it('still bans the clock in engine code that the SQL rule also covers', async () => {
    expect((await lint('src/agents/risk/bad.ts', "export const v = new Date();\nexport const q = 'SELECT 1';")).join('\n')).toMatch(
      /injected Clock[\s\S]*SQL belongs/,
    );
  });

  it('lets allowed imports and the clock files through', async () => {
    expect(
      await lint(
        'src/agents/engine/ok.ts',
        "import { canonicalJson } from '../../shared/canonical-json.ts';\nexport const c = canonicalJson;",
      ),
    ).toEqual([]);
    expect(
      await lint('src/main/ok.ts', "import enginePath from '../agents/engine/entry/engine.ts?modulePath';\nexport const p = enginePath;"),
    ).toEqual([]);
    expect(await lint('src/agents/engine/live-clock.ts', 'export const now = () => Date.now();')).toEqual([]);
    expect(await lint('src/cli/ok.ts', "import { Store } from '../agents/store/store.ts';\nexport const s = Store;")).toEqual([]);
  });
});
