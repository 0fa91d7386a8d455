import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../src/cli/run-cli.ts';
import { journalEvents } from './journal-events.ts';
import { until } from './serve-process.ts';
import { ARTIFACTS, useWorkstation } from './workstation-session.ts';

// Thirty days of the S&P 500 replayed at once: then the bars stop, and the data goes stale.
const SP500 = fileURLToPath(new URL('../resources/data/sp500-2000.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'quorum-alerts-e2e-'));
const SHORT = join(dir, 'sp500-30-days.csv');
writeFileSync(SHORT, readFileSync(SP500, 'utf8').split('\n').slice(0, 31).join('\n'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const session = useWorkstation(['--replay', SHORT, '--replay-speed', '8640000']);

describe('alerts: stale data said, shown as a browser notification, acknowledged', () => {
  it('raises STALE_DATA once the replay ends, and the browser shows it once allowed', async () => {
    const { page } = session;
    await page.context().grantPermissions(['notifications'], { origin: session.serve.origin });
    // Record what the page shows as notifications (headless Chromium has no desktop to show them on).
    await page.evaluate(() => {
      const shown: string[] = [];
      const page = globalThis as unknown as { shown: string[]; Notification: unknown };
      page.shown = shown;
      page.Notification = class {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        constructor(title: string, options?: { body?: string }) {
          shown.push(`${title}: ${options?.body ?? ''}`);
        }
      };
    });
    const row = page.locator('[data-testid=alerts] tr[data-code=STALE_DATA]');
    await until(async () => (await row.count()) > 0, 'the stale data alert', 40_000);
    expect(await row.first().textContent()).toMatch(
      /REPLAY:SP500-30-DAYS: no bar for \d+ s \(the market may be closed, or the feed stopped\)/,
    );
    await until(
      () => page.evaluate(() => (globalThis as unknown as { shown: string[] }).shown.find((s) => s.includes('no bar for'))),
      'the notification',
    );
  });

  it('acknowledges it from the list, journaled', async () => {
    const { page } = session;
    const row = page.locator('[data-testid=alerts] tr[data-code=STALE_DATA]').first();
    const seq = Number(await row.getAttribute('data-seq'));
    await page.click(`[data-testid=ack-${seq}]`);
    await until(async () => (await row.getAttribute('class'))?.includes('acknowledged'), 'the alert marked acknowledged');
    await page.screenshot({ path: `${ARTIFACTS}alerts.png` });
    const acks = (await journalEvents<{ alertSeq: number }>(session.serve.dataDir, 'AlertAcknowledged')).map((a) => a.alertSeq);
    expect(acks).toEqual([seq]);
    // The command line sees it acknowledged, and acknowledging it again changes nothing.
    const waiting = await runCliAsync(['alerts', '--waiting', '--json', '--data', session.serve.dataDir]);
    expect((JSON.parse(waiting.stdout) as { seq: number }[]).map((a) => a.seq)).not.toContain(seq);
    const listed = await runCliAsync(['alerts', '--data', session.serve.dataDir]);
    expect(listed.stdout).toMatch(new RegExp(`${seq} .* warning  STALE_DATA \\(acknowledged\\)`));
    const again = await runCliAsync(['alerts', 'ack', String(seq), '--data', session.serve.dataDir]);
    expect(again.stdout.trim()).toBe(`alert ${seq} was acknowledged already`);
    expect(session.pageErrors).toEqual([]);
  });
});
