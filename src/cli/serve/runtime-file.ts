import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a running `quorum serve` tells other commands (`quorum halt`) how to reach it. */
export interface ServeRuntime {
  pid: number;
  port: number;
  token: string;
}

const FILE = 'serve.json';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The running server of this data directory, or null (a file left by a dead server is ignored). */
export function readRuntime(dataDir: string): ServeRuntime | null {
  const file = join(dataDir, FILE);
  if (!existsSync(file)) return null;
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as ServeRuntime;
    return alive(r.pid) ? r : null;
  } catch {
    return null;
  }
}

/** Readable by the owner only: it holds the token. */
export function writeRuntime(dataDir: string, runtime: ServeRuntime): void {
  writeFileSync(join(dataDir, FILE), JSON.stringify(runtime), { mode: 0o600 });
}

export function removeRuntime(dataDir: string): void {
  rmSync(join(dataDir, FILE), { force: true });
}
