import { join, resolve } from 'node:path';

/** The profile a desktop launch opens, and where Chromium keeps its own files and the instance lock. */
export interface DesktopProfile {
  dataDir: string;
  /** Chromium's user-data folder; the single-instance lock lives in it, so it follows the profile. */
  chromiumDir: string;
}

/**
 * `--data DIR` on the command line, else `QUORUM_DATA_DIR`, else the app's own folder (Electron's
 * `userData`, which then stays Chromium's too). A chosen profile gets a Chromium folder of its own
 * inside it, so each profile has its own instance lock: a second launch on the same profile focuses
 * the first, and two profiles run side by side.
 */
export function desktopProfile(argv: readonly string[], env: NodeJS.ProcessEnv, userData: string): DesktopProfile {
  const chosen = dataArgument(argv) ?? env['QUORUM_DATA_DIR'];
  if (!chosen) return { dataDir: userData, chromiumDir: userData };
  const dataDir = resolve(chosen);
  return { dataDir, chromiumDir: join(dataDir, 'desktop') };
}

function dataArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--data' && argv[i + 1]) return argv[i + 1];
    if (arg.startsWith('--data=')) return arg.slice('--data='.length) || undefined;
  }
  return undefined;
}
