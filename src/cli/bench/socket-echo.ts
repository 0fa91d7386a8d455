import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LatencyStats } from '../../agents/models/latency-stats.ts';
import { socketPath } from '../../agents/engine/entry/socket-port.ts';

// The other process: echoes every chunk back on the first connection, and exits when it closes.
const ECHO = `
const net = require('node:net');
const server = net.createServer((s) => {
  s.setNoDelay(true);
  s.on('data', (d) => s.write(d));
  s.on('close', () => process.exit(0));
  server.close();
});
server.listen(process.argv[1], () => process.stdout.write('ready\\n'));
`;

/**
 * The floor under any engine ⇄ inference protocol on this machine, measured in the same run: a
 * 200-byte message to another Node process over a local socket and straight back, no framing, no
 * serialization, no model.
 */
export async function bareSocketEcho(calls: number): Promise<{ p50Ms: number; p99Ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-echo-'));
  const path = socketPath(dir, 'echo');
  const child = spawn(process.execPath, ['-e', ECHO, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the echo process exited (${code}) before it was ready`)));
      child.stdout.once('data', () => resolve());
    });
    const socket = createConnection(path);
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const message = Buffer.alloc(200, 1);
    const once = () =>
      new Promise<void>((resolve) => {
        let got = 0;
        const onData = (d: Buffer) => {
          got += d.length;
          if (got < message.length) return;
          socket.off('data', onData);
          resolve();
        };
        socket.on('data', onData);
        socket.write(message);
      });
    for (let i = 0; i < 200; i++) await once();
    const samples = new LatencyStats(calls);
    for (let i = 0; i < calls; i++) {
      const t0 = performance.now();
      await once();
      samples.add(performance.now() - t0);
    }
    socket.destroy();
    return { p50Ms: samples.percentile(50)!, p99Ms: samples.percentile(99)! };
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
