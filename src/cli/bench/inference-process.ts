import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectSocketPort, socketPath } from '../../agents/engine/entry/socket-port.ts';
import type { Port } from '../../shared/ipc/port.ts';

const INFERENCE_ENTRY = fileURLToPath(new URL('../../agents/inference/inference-entry.ts', import.meta.url));

/**
 * The product's path under `quorum serve`: the real inference process (its entry file, forked as
 * the host forks it) linked to this process by the same local socket the engine uses. Stopped when
 * `use` settles.
 */
export async function withInferenceProcess<T>(use: (port: Port) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-bench-'));
  const child = fork(INFERENCE_ENTRY, ['--provider=cpu'], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, QUORUM_LOG_LEVEL: 'warn' },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the inference process exited (${code}) before it was ready`)));
      child.on('message', (m: { t?: string }) => m.t === 'ready' && resolve());
    });
    const path = socketPath(dir, 'bench-inference');
    child.send({ t: 'attach', role: 'engine', portId: 'bench', relayed: false, socket: { path, listen: true } });
    return await use(connectSocketPort(path));
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
