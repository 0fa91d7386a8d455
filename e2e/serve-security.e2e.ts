import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/run-cli.ts';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { modelsContract, wireName } from '../src/shared/contracts/index.ts';
import { removeDir, startServe, type ServeProcess } from './serve-process.ts';

let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe();
});
afterAll(async () => {
  expect(await serve.stop()).toBe(0);
  removeDir(serve.dataDir);
});

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: serve.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket and reports how it ended: the first message, or the HTTP refusal. */
function openWs(query: string, headers: Record<string, string> = {}): Promise<{ opened: boolean; status?: number; first?: unknown }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws${query}`, { headers });
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
    ws.on('error', () => resolve({ opened: false }));
    ws.on('message', (data) => {
      resolve({ opened: true, first: JSON.parse(data.toString()) });
      ws.close();
    });
  });
}

describe('quorum serve refuses what it should', () => {
  it('binds to 127.0.0.1 and prints a URL carrying a random token', () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('answers 401 without the token and with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/index.html')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { Cookie: 'quorum_token=wrong' })).status).toBe(401);
  });

  it('trades a good token for an HttpOnly cookie, then serves the UI with a strict CSP', async () => {
    const first = await get(`/?token=${serve.token}`);
    expect(first.status).toBe(303);
    expect(String(first.headers['set-cookie'])).toContain('HttpOnly; SameSite=Strict');
    const page = await get('/', { Cookie: `quorum_token=${serve.token}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await get('/../../package.json', { Cookie: `quorum_token=${serve.token}` })).status).toBe(404);
  });

  it('refuses a foreign Origin and a foreign Host even with the token', async () => {
    expect((await get(`/?token=${serve.token}`, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(`/?token=${serve.token}`, { Host: `evil.example:${serve.port}` })).status).toBe(403);
  });

  it('closes the WebSocket without the token or from a foreign Origin, and opens it with both right', async () => {
    expect(await openWs('')).toEqual({ opened: false, status: 401 });
    expect(await openWs('?token=wrong')).toEqual({ opened: false, status: 401 });
    expect(await openWs(`?token=${serve.token}`, { Origin: 'http://evil.example' })).toEqual({ opened: false, status: 403 });
    const ok = await openWs(`?token=${serve.token}`, { Origin: serve.origin });
    expect(ok.opened).toBe(true);
    expect(ok.first).toMatchObject({ t: 'host', status: { host: 'serve' } });
  });

  it('closes a WebSocket that sends a frame larger than the protocol needs (4 MB); the engine is not touched', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`, { headers: { Origin: serve.origin } });
    const host: { generation: number; state: string }[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString());
      if (m.t === 'host') host.push(m.status.processes.find((p: { name: string }) => p.name === 'engine'));
    });
    await new Promise((r) => ws.on('open', r));
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.send(
      JSON.stringify({ t: 'req', id: 1, method: wireName(modelsContract, 'import'), params: { uploadId: 'x'.repeat(5 * 1024 * 1024) } }),
    );
    expect(await closed).toBe(1009);
    const before = host.at(-1)!;
    await new Promise((r) => setTimeout(r, 4_000));
    const after = await openWs(`?token=${serve.token}`, { Origin: serve.origin });
    expect(after.first).toMatchObject({
      status: {
        processes: expect.arrayContaining([expect.objectContaining({ name: 'engine', state: 'running', generation: before.generation })]),
      },
    });
  });

  it('takes a model through the running server in chunks (quorum model import): the bytes arrive whole', () => {
    // The shipped model is registered on every new profile, so the server recognises the upload by its
    // SHA-256: proof that the chunks were put back together byte for byte.
    const r = runCli([
      'model',
      'import',
      fileURLToPath(new URL('../resources/models/quorum-default.onnx', import.meta.url)),
      '--data',
      serve.dataDir,
    ]);
    expect(r.stderr).toMatch(/models\.import: quorum-default\.onnx is already registered as quorum-default@1 \(same SHA-256 [0-9a-f]{12}/);
    expect(r.code).toBe(1);
  });

  it('answers a malformed path with 400 and keeps serving (it had crashed host, engine and kill switch)', async () => {
    const cookie = { Cookie: `quorum_token=${serve.token}` };
    for (const path of ['/%', '/%zz', '/a%E0%A4%A'])
      expect(await get(path, cookie)).toMatchObject({ status: 400, body: expect.stringContaining('percent-encoding') });
    expect((await get('/', cookie)).status).toBe(200);
  });
});
