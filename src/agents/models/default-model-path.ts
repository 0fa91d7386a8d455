import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RELATIVE = join('resources', 'models', 'quorum-default.onnx');

/** The shipped default model: an explicit path, else the first `resources/models` above `from`. */
export function findDefaultModel(explicit: string | undefined, from: string): string | undefined {
  if (explicit) return explicit;
  let dir = dirname(fileURLToPath(from));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, RELATIVE);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

/** The bundled market data directory (`resources/data`), found the same way. */
export function findBundledData(from: string): string | undefined {
  let dir = dirname(fileURLToPath(from));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources', 'data');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}
