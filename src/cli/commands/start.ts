import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runServe } from './serve.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * `quorum start` (what `npm start` runs): the desktop app where Electron's binary is installed;
 * otherwise it says so and serves the same UI to a browser instead.
 */
export async function runStart(args: string[]): Promise<void> {
  const electronBinary = findElectronBinary();
  if (electronBinary && existsSync(join(ROOT, 'out', 'main', 'index.js'))) {
    const child = spawn(electronBinary, [ROOT, ...args], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  console.log(
    electronBinary
      ? 'The desktop app is not built yet (run `npm run build`); serving the UI instead.'
      : "Electron's binary is not installed on this machine (install it with `npx install-electron` on a machine that can download it); serving the UI to your browser instead.",
  );
  await runServe(args);
}

function findElectronBinary(): string | null {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}
