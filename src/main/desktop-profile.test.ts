import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopProfile } from './desktop-profile.ts';

describe('the profile a desktop launch opens', () => {
  const userData = '/home/trader/.config/Quorum';

  it("is the app's own folder by default, which stays Chromium's too", () => {
    expect(desktopProfile(['/opt/Quorum/quorum'], {}, userData)).toEqual({ dataDir: userData, chromiumDir: userData });
  });

  it('is --data DIR (or --data=DIR), else QUORUM_DATA_DIR, with Chromium and the instance lock inside it', () => {
    const chosen = { dataDir: resolve('/srv/quorum/live'), chromiumDir: join(resolve('/srv/quorum/live'), 'desktop') };
    expect(desktopProfile(['quorum', '--data', '/srv/quorum/live'], {}, userData)).toEqual(chosen);
    expect(desktopProfile(['quorum', '--data=/srv/quorum/live'], { QUORUM_DATA_DIR: '/elsewhere' }, userData)).toEqual(chosen);
    expect(desktopProfile(['quorum'], { QUORUM_DATA_DIR: '/srv/quorum/live' }, userData)).toEqual(chosen);
    expect(desktopProfile(['quorum', '--data'], {}, userData).dataDir).toBe(userData);
  });
});
