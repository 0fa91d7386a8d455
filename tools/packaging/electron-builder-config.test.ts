import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// app-builder-lib reads and validates a configuration offline against electron-builder's schema.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema and never rebuilds native modules", async () => {
    const config = await getConfig(ROOT, 'electron-builder.yml', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.npmRebuild).toBe(false);
    expect(JSON.stringify(config.files)).toContain('out/**');
  });

  it('has what the deb target needs and an icon for every platform', async () => {
    const config = await getConfig(ROOT, 'electron-builder.yml', null);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author.email).toMatch(/@/);
    expect(config.linux?.maintainer).toMatch(/^.+ <.+@.+>$/);
    for (const icon of [config.linux?.icon, config.mac?.icon, config.win?.icon])
      expect(existsSync(join(ROOT, String(icon))), String(icon)).toBe(true);
    // The default model and the bundled data go outside the asar, to <resources>/resources, where the engine looks.
    expect(config.extraResources).toEqual([{ from: 'resources', to: 'resources', filter: ['models/**', 'data/**'] }]);
    expect(config.asarUnpack).toContain('out/main/build/*.node');
  });

  it('is refused when it has an unknown key (the validator bites)', async () => {
    await expect(validateConfiguration({ notAnOption: true } as never, new DebugLogger(false))).rejects.toThrow(/notAnOption/);
  });
});
