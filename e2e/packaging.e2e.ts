import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractAll, listPackage } from '@electron/asar';
import { build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServeHost } from '../src/cli/serve/serve-host.ts';
import { createEngineClient } from '../src/shared/contracts/engine-client.ts';
import { removeDir, until } from './serve-process.ts';

// The installed app's layout, built here: electron-builder's real `--dir` build for Linux, against a
// stand-in Electron distribution (Electron's zip cannot be downloaded on the build machines).
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ARTIFACTS = join(ROOT, 'artifacts');
const work = mkdtempSync(join(tmpdir(), 'quorum-packaging-'));
const app = join(work, 'dist', 'linux-unpacked');
const resources = join(app, 'resources');
let entries: string[] = [];

/** Bytes under a folder. */
const sizeOf = (path: string): number =>
  statSync(path).isDirectory() ? readdirSync(path).reduce((n, f) => n + sizeOf(join(path, f)), 0) : statSync(path).size;

beforeAll(async () => {
  const standIn = join(work, 'electron-dist');
  mkdirSync(standIn);
  writeFileSync(join(standIn, 'electron'), '#!/bin/sh\necho "a stand-in for Electron\'s binary"\n');
  chmodSync(join(standIn, 'electron'), 0o755);
  const electronVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version;
  await build({
    projectDir: ROOT,
    targets: Platform.LINUX.createTarget('dir'),
    config: { extends: null, electronDist: standIn, electronVersion, directories: { output: join(work, 'dist') } },
    publish: 'never',
  });
  entries = listPackage(join(resources, 'app.asar'), { isPack: false });
}, 180_000);
afterAll(() => removeDir(work));

describe('the installed app (electron-builder --dir, Linux)', () => {
  it('packs the built app and nothing of the sources or tests', () => {
    for (const file of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/engine.js',
      '/out/main/inference.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
    ])
      expect(entries, file).toContain(file);
    const ours = entries.filter((e) => !e.startsWith('/node_modules/'));
    expect(ours.filter((e) => /^\/(src|e2e|tools|scripts|build|artifacts)\//.test(e) || /\.test\.|\.e2e\./.test(e))).toEqual([]);
    // Only what runs: no development package (the test runner, the bundler, the browser driver, the compiler).
    const devOnly = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies);
    expect(devOnly.filter((name) => entries.includes(`/node_modules/${name}`))).toEqual([]);
    expect(entries.some((e) => e.startsWith('/node_modules/better-sqlite3/'))).toBe(true);
  });

  it('unpacks the native modules, of this platform only, and ships the model and data beside the asar', () => {
    const unpacked = join(resources, 'app.asar.unpacked');
    expect(existsSync(join(unpacked, 'out/main/build/quorum_native.node'))).toBe(true);
    expect(existsSync(join(unpacked, 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node'))).toBe(true);
    expect(readdirSync(join(unpacked, 'node_modules/onnxruntime-node/bin/napi-v6'))).toEqual(['linux']);
    expect(readdirSync(join(unpacked, 'node_modules/better-sqlite3/prebuilds')).filter((f) => !f.startsWith('linux'))).toEqual([]);
    expect(existsSync(join(resources, 'resources/models/quorum-default.onnx'))).toBe(true);
    expect(existsSync(join(resources, 'resources/data/sp500-2000.csv'))).toBe(true);
    const sizes = {
      app: sizeOf(app),
      asar: sizeOf(join(resources, 'app.asar')),
      unpacked: sizeOf(unpacked),
      resources: sizeOf(join(resources, 'resources')),
    };
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(
      join(ARTIFACTS, 'packaging.json'),
      `${JSON.stringify({ sizesMB: Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, Math.round(v / 1e5) / 10])) }, null, 2)}\n`,
    );
    // Every platform's binaries made it 206 MB; this platform's alone are well under 150 MB.
    expect(sizes.app).toBeLessThan(150e6);
  });

  it('runs its engine under Node from that layout: the native book, the default model, the bundled data', async () => {
    // Node cannot read an asar: the archive is extracted to a folder of the same name, with what was unpacked beside it.
    const run = join(work, 'run', 'resources');
    extractAll(join(resources, 'app.asar'), join(run, 'app.asar'));
    cpSync(join(resources, 'app.asar.unpacked'), join(run, 'app.asar'), { recursive: true });
    cpSync(join(resources, 'resources'), join(run, 'resources'), { recursive: true });
    const dataDir = join(work, 'profile');
    const main = join(run, 'app.asar', 'out', 'main');
    const host = new ServeHost({
      dataDir,
      version: 'packaged',
      entries: { engine: join(main, 'engine.js'), inference: join(main, 'inference.js') },
    });
    try {
      host.start();
      await until(() => host.status().processes.every((p) => p.state === 'running'), 'both processes running', 30_000);
      let nextId = 1;
      const waiting = new Map<number, (m: { ok: boolean; result?: unknown; error?: { message: string } }) => void>();
      const link = host.connect({
        send: (m) => {
          const res = m as { t: string; id: number; ok: boolean };
          if (res.t === 'res') waiting.get(res.id)?.(res as never);
        },
        close: () => {},
      });
      const api = createEngineClient(async (method, params) => {
        const id = nextId++;
        const answer = await new Promise<{ ok: boolean; result?: unknown; error?: { message: string } }>((resolve) => {
          waiting.set(id, resolve);
          link.receive({ t: 'req', id, method, params });
        });
        if (!answer.ok) throw new Error(answer.error?.message);
        return answer.result;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect((await api.system.info({})).nativeBook).toBe(true);
      const models = await until(
        async () => {
          const list = await api.models.list({});
          return list.loaded.length > 0 ? list : null;
        },
        'the default model loaded',
        30_000,
      );
      expect(models.models.map((m) => m.id)).toEqual(['quorum-default@1']);
      // Its drift reference comes from its training data, read from the bundled data.
      const drift = await until(async () => (await api.drift.models({})).find((d) => d.reference), 'the drift reference', 30_000);
      expect(drift.reference?.source).toMatch(/sp500/i);
    } finally {
      await host.stop();
    }
  });
});
