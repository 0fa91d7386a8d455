import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { startCli } from './run-cli.ts';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for the server to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Debian's `redis-server` on a random port of 127.0.0.1, in memory only (no snapshot, no append
 * log), for the tests and the sweep benchmark. Resolves once it accepts connections.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.once('error', (err) =>
      reject(new Error(`cannot start redis-server (${err.message}); on Debian: apt-get install redis-server`, { cause: err })),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}: ${output.trim().split('\n').at(-1)}`)));
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
  });
  child.removeAllListeners('exit');
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () => stopProcess(child),
  };
}

export interface WorkerProcess {
  child: ChildProcessWithoutNullStreams;
  /** The worker's own process id (bin/quorum.js may run it under another Node, as a child). */
  pid: number;
  /** Everything it has printed so far. */
  output: () => string;
}

/** A `quorum worker` child process on `url`, once it says it is ready (for the tests and the sweep benchmark). */
export function startWorkerProcess(url: string, args: readonly string[] = []): Promise<WorkerProcess> {
  const child = startCli(['worker', '--queue', url, ...args], {}, 0);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => (out += d));
    child.stdout.on('data', (d) => {
      out += d;
      const ready = / (\d+) ready on /.exec(out);
      if (ready) resolve({ child, pid: Number(ready[1]), output: () => out });
    });
    child.once('exit', (code) => reject(new Error(`a worker exited with code ${code}: ${out}`)));
  });
}

/** Stops a child process with SIGTERM and waits for it (at once if it has already gone). */
export const stopProcess = (child: ChildProcess): Promise<void> =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
