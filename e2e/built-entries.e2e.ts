import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ServeHost } from '../src/cli/serve/serve-host.ts';
import { EngineAudit } from '../src/host/engine-audit.ts';
import { parseJournalJsonl } from '../src/agents/store/journal-transfer.ts';
import { systemContract, wireName } from '../src/shared/contracts/index.ts';
import { removeDir, until } from './serve-process.ts';

const OUT = fileURLToPath(new URL('../out/main/', import.meta.url));
const NATIVE_BOOK = fileURLToPath(new URL('../src/native/build/quorum_native.node', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'quorum-built-'));
const host = new ServeHost({
  dataDir,
  settings: ['session.seed=3'],
  version: 'test',
  entries: { engine: join(OUT, 'engine.js'), inference: join(OUT, 'inference.js') },
});

const versions: Record<string, Record<string, string> | undefined> = {};

afterAll(async () => {
  await host.stop();
  removeDir(dataDir);
});

describe('the bundles the desktop app launches (out/main/engine.js, inference.js)', () => {
  it('boot under plain Node, serve the engine API and reach inference', async () => {
    const received: { t: string; id?: number; ok?: boolean; result?: { inference?: { state: string; runtime?: string } } }[] = [];
    for (const s of [host.engine, host.inference]) s.onReady((_child, _generation, ready) => (versions[s.name] = ready.versions));
    host.start();
    await until(() => host.status().processes.every((p) => p.state === 'running'), 'both processes running');
    const link = host.connect({ send: (m) => received.push(m as never), close: () => {} });
    await new Promise((r) => setTimeout(r, 200));
    link.receive({ t: 'req', id: 1, method: wireName(systemContract, 'health'), params: {} });
    const answer = await until(() => received.find((m) => m.t === 'res' && m.id === 1), 'system.health answer');
    expect(answer.ok).toBe(true);
    expect(answer.result?.inference).toMatchObject({ state: 'connected', runtime: 'onnxruntime-node' });
    await until(() => received.some((m) => m.t === 'evt'), 'a bar event from the bundled engine');
  });

  it('run the Rust order book when it was built (the build copies it beside the bundled engine)', async () => {
    const received: { t: string; id?: number; result?: { nativeBook?: boolean } }[] = [];
    const link = host.connect({ send: (m) => received.push(m as never), close: () => {} });
    await new Promise((r) => setTimeout(r, 200));
    link.receive({ t: 'req', id: 2, method: wireName(systemContract, 'info'), params: {} });
    const answer = await until(() => received.find((m) => m.t === 'res' && m.id === 2), 'system.info answer');
    expect(existsSync(join(OUT, 'build', 'quorum_native.node'))).toBe(existsSync(NATIVE_BOOK));
    // CI builds the crate (npm test's native build is --required there), so the bundle must use it.
    if (process.env['CI']) expect(existsSync(NATIVE_BOOK)).toBe(true);
    expect(answer.result?.nativeBook).toBe(existsSync(NATIVE_BOOK));
  });

  it("tell the host what they run on (the desktop's About box) and answer its audit requests (the desktop menu)", async () => {
    expect(versions['engine']).toEqual({
      SQLite: expect.stringMatching(/^3\.\d+\.\d+$/),
      'order book': existsSync(NATIVE_BOOK) ? 'native (quorum_native 0.1.0)' : expect.stringMatching(/^TypeScript \(/),
    });
    expect(versions['inference']).toEqual({ onnxruntime: expect.stringMatching(/^\d+\.\d+\.\d+/) });

    const audit = new EngineAudit(host.engine);
    const verified = await audit.ask({ op: 'verify' });
    expect(verified).toEqual({ ok: true, text: expect.stringMatching(/^The audit log is intact: \d+ rows/) });
    const out = join(dataDir, 'audit-export.jsonl');
    const exported = await audit.ask({ op: 'export', format: 'jsonl', path: out });
    expect(exported.text).toMatch(/^Exported \d+ rows of the audit log to .*audit-export\.jsonl \(JSONL\)\.$/);
    const parsed = parseJournalJsonl(readFileSync(out, 'utf8'));
    expect(parsed.ok && parsed.rows.length).toBeGreaterThan(0);
  });
});
