import { dirname } from 'node:path';
import { settingsContract } from '../../shared/contracts/settings.contract.ts';
import type { Kernel } from '../engine/kernel.ts';
import { restartSoon } from './engine-restart.ts';
import { readSettingsFile, settingsFilePath, type Resolved } from '../settings/profile-settings.ts';
import { journalHandEdits, saveSettings } from '../settings/settings-changes.ts';

/**
 * The Settings dialog's and `quorum config`'s side in a running session. A saved change is journaled
 * on the kernel's bus and written to the file; the session is built on its settings, so the engine
 * then asks its host to restart it (without a host that can, it takes effect at the next start).
 */
export function registerSettingsServices(
  kernel: Pick<Kernel, 'services' | 'store' | 'clock' | 'bus'>,
  resolved: Extract<Resolved, { ok: true }>,
  restartEngine: ((reason: string) => void) | null,
): void {
  const dataDir = dirname(kernel.store.file);
  kernel.services.register(settingsContract, {
    get: () => {
      const file = readSettingsFile(dataDir);
      return { settings: resolved.settings, sources: resolved.sources, file: file.ok ? file.value : {}, path: settingsFilePath(dataDir) };
    },
    save: ({ edits, by }) => {
      // A hand edit since the session started is journaled as such first, not folded into this change.
      journalHandEdits(kernel.store, dataDir, kernel.clock.now());
      const result = saveSettings(dataDir, edits, by, kernel.clock.now(), (event) => kernel.bus.publish('SettingsChanged', event));
      if (!result.saved) return { saved: false, problems: result.problems, message: 'nothing was saved' };
      if (!result.event) return { saved: true, problems: [], message: 'nothing changed' };
      const what = result.changes.map((c) => c.path).join(', ');
      if (!restartSoon(kernel.clock, restartEngine, `settings changed: ${what}`))
        return { saved: true, problems: [], message: `saved ${what}; it takes effect when the engine next starts` };
      return { saved: true, problems: [], message: `saved ${what}: the engine restarts with them now, with the agents' trading off` };
    },
  });
}
