import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { runCliAsync } from '../src/cli/run-cli.ts';
import { journalEvents } from './journal-events.ts';
import { openWorkstation } from './browser.ts';
import { removeDir, startServe, until, type ServeProcess } from './serve-process.ts';
import { ARTIFACTS } from './workstation-session.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'quorum-settings-e2e-'));
const SETTINGS = join(dataDir, 'settings.json');
let serve: ServeProcess;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** What `quorum config show --json` says of the running server's settings. */
async function shown(): Promise<{ settings: Record<string, Record<string, unknown>>; sources: Record<string, string> }> {
  const r = await runCliAsync(['config', 'show', '--json', '--data', dataDir]);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as never;
}

afterAll(async () => {
  await browser?.close();
  if (serve) expect(await serve.stop()).toBe(0);
  removeDir(dataDir);
});

describe('settings: a file, the environment and flags, the Settings dialog and quorum config', () => {
  it('refuses to serve on a settings file with a misspelt key, naming it', async () => {
    writeFileSync(SETTINGS, JSON.stringify({ agents: { technical: { wieght: 2 } } }));
    const r = await runCliAsync(['serve', '--port', '0', '--data', dataDir]);
    // 2: bad input, as a bad replay file is.
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${SETTINGS}: agents.technical.wieght: unknown setting`);
  });

  it('serves with the file under --set, each value with its source in the dialog', async () => {
    writeFileSync(SETTINGS, JSON.stringify({ agents: { technical: { weight: 2 } }, consensus: { buyThreshold: 0.2 } }));
    serve = await startServe(['--set', 'rebalanceEveryBars=10'], { dataDir });
    ({ browser, page } = await openWorkstation(serve.url, (m) => pageErrors.push(m)));
    // The server answers once its engine is up (it may still be starting when the page has opened).
    const s = await until(() => shown().catch(() => null), 'the engine answering quorum config show', 30_000);
    expect(s.settings['agents']).toMatchObject({ technical: { enabled: true, weight: 2 } });
    expect(s.sources).toMatchObject({ 'agents.technical.weight': 'file', rebalanceEveryBars: 'flag', 'consensus.minVoters': 'default' });

    await page.click('[data-testid=open-settings]');
    await page.waitForSelector('[data-testid=settings-dialog] input[name="consensus.minVoters"]');
    expect(await page.textContent('[data-testid="source-agents.technical.weight"]')).toBe('set in the file');
    expect(await page.textContent('[data-testid="source-rebalanceEveryBars"]')).toBe('from --set');
  });

  it('says what is wrong beside the field, and saves nothing while it is', async () => {
    await page.fill('input[name="consensus.minVoters"]', '0');
    await page.fill('input[name="agents.news.weight"]', 'heavy');
    expect(await page.textContent('[data-testid="problem-consensus.minVoters"]')).toMatch(/>=1/);
    expect(await page.textContent('[data-testid="problem-agents.news.weight"]')).toMatch(/expected number/);
    expect(await page.isDisabled('[data-testid=settings-save]')).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}settings-invalid.png` });
    // The command line is refused the same way, through the running server; the file stays as it was.
    const before = readFileSync(SETTINGS, 'utf8');
    const r = await runCliAsync(['config', 'set', 'consensus.minVoters=0', 'optimizer.methd=x', '--data', dataDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/consensus\.minVoters: Too small[^\n]*\n\s+optimizer\.methd: unknown setting/);
    expect(readFileSync(SETTINGS, 'utf8')).toBe(before);
  });

  it('saves a change: journaled, written, and the engine restarts with it', async () => {
    await page.fill('input[name="consensus.minVoters"]', '2');
    await page.fill('input[name="agents.news.weight"]', '');
    await page.uncheck('input[name="agents.news.enabled"]');
    await page.click('[data-testid=settings-save]');
    await until(
      async () => /restarts with them/.test((await page.textContent('[data-testid=settings-outcome]')) ?? ''),
      'the saved message',
    );
    expect(JSON.parse(readFileSync(SETTINGS, 'utf8'))).toEqual({
      agents: { technical: { weight: 2 }, news: { enabled: false } },
      consensus: { buyThreshold: 0.2, minVoters: 2 },
    });
    // The new engine runs with it (the server's flag still over the file).
    const after = await until(
      async () => {
        const s = await shown().catch(() => null);
        return s?.sources['consensus.minVoters'] === 'file' ? s : null;
      },
      'the restarted engine on the new settings',
      30_000,
    );
    expect(after.settings['agents']).toMatchObject({ news: { enabled: false } });
    expect(after.sources['rebalanceEveryBars']).toBe('flag');

    const changes = await journalEvents<{ by: string; changes: { path: string; from: string | null; to: string | null }[] }>(
      dataDir,
      'SettingsChanged',
    );
    // The file written before the first start is journaled as a hand edit, then the dialog's change.
    expect(changes.map((c) => c.by)).toEqual(['file', 'ui']);
    expect(changes[1]!.changes).toEqual([
      { path: 'agents.news.enabled', from: null, to: 'false' },
      { path: 'consensus.minVoters', from: null, to: '2' },
    ]);
    expect((await runCliAsync(['audit', 'verify', '--data', dataDir])).code).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
