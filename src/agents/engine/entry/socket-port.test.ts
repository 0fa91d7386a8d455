import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Port } from '../../../shared/ipc/port.ts';
import { connectSocketPort, listenSocketPort, socketPath } from './socket-port.ts';

const dir = mkdtempSync(join(tmpdir(), 'quorum-socket-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const path = () => socketPath(dir, `test-${n++}`);
const next = (port: Port) => new Promise<unknown>((resolve) => port.onMessage(resolve));
const closed = (port: Port) => new Promise<void>((resolve) => port.onClose(resolve));

describe('socket ports', () => {
  it('carry messages both ways, typed arrays and large ones included, in order', async () => {
    const where = path();
    // The client starts first and retries until the server listens; what it posts meanwhile waits.
    const client = connectSocketPort(where);
    client.post({ t: 'first' });
    await new Promise((r) => setTimeout(r, 30));
    const server = listenSocketPort(where);
    expect(await next(server)).toEqual({ t: 'first' });
    const got: unknown[] = [];
    server.onMessage((m) => got.push(m));
    const big = new Float32Array(300_000).map((_, i) => i);
    client.post({ rows: big });
    for (let i = 0; i < 500; i++) client.post({ i });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => got.length === 501 && (clearInterval(check), resolve()), 5);
    });
    expect((got[0] as { rows: Float32Array }).rows).toEqual(big);
    expect(got.slice(1)).toEqual(Array.from({ length: 500 }, (_, i) => ({ i })));
    server.post('back');
    expect(await next(client)).toBe('back');
    // Connected: the path is gone, so no third process can reach either side.
    if (process.platform !== 'win32') expect(existsSync(where)).toBe(false);
    const gone = closed(server);
    client.close();
    await gone;
  });

  it('closes a client that finds nobody listening, and drops what it would have sent', async () => {
    const client = connectSocketPort(path(), { retryMs: 5, giveUpMs: 50 });
    client.post('lost');
    await closed(client);
  });

  it('closes on a frame that does not decode (the stream is out of step)', async () => {
    const where = path();
    const server = listenSocketPort(where);
    const gone = closed(server);
    await new Promise((r) => setTimeout(r, 20));
    const raw = createConnection(where);
    raw.write(Buffer.from([0, 0, 0, 3, 0x61, 0x62, 0x63]));
    await gone;
    raw.destroy();
  });
});
