import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../src/cli/run-cli.ts';
import { until } from './serve-process.ts';
import { ARTIFACTS, useWorkstation } from './workstation-session.ts';

// 600 days of a market four times as volatile as the S&P 500 the default model was trained on:
// its volatility and return features are out of the reference's range.
const dir = mkdtempSync(join(tmpdir(), 'quorum-drift-e2e-'));
const WILD = join(dir, 'wild-market.csv');
let close = 100;
let seed = 7;
const uniform = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
const rows = Array.from({ length: 600 }, (_, i) => {
  const open = close;
  // The sum of four uniforms, centred: roughly normal, a daily standard deviation near 4 %.
  close = open * Math.exp(0.07 * (uniform() + uniform() + uniform() + uniform() - 2));
  const date = new Date(Date.UTC(2001, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  return `${date},${open.toFixed(2)},${Math.max(open, close).toFixed(2)},${Math.min(open, close).toFixed(2)},${close.toFixed(2)},1000000`;
});
writeFileSync(WILD, ['date,open,high,low,close,volume', ...rows].join('\n'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const session = useWorkstation(['--replay', WILD, '--replay-speed', '8640000']);

describe('model drift: the default model fed a market unlike its training data', () => {
  it('shows its inputs drifted in the models panel and raises MODEL_DRIFT', async () => {
    const { page } = session;
    const cell = page.locator('[data-testid="drift-quorum-default@1"]');
    await until(async () => (await cell.getAttribute('data-drifted')) === 'true', 'the drift shown', 60_000);
    expect(await cell.textContent()).toMatch(/^\d+\.\d\d \w+IC/);
    expect(Number((await cell.textContent())!.split(' ')[0])).toBeGreaterThan(0.25);
    expect(await cell.locator('span[title]').getAttribute('title')).toMatch(
      /^reference: training data: sp500-2000\.csv to 2013-12-31 \(2000 rows\)/,
    );
    const alert = page.locator('[data-testid=alerts] tr[data-code=MODEL_DRIFT]');
    await until(async () => (await alert.count()) > 0, 'the drift alert', 60_000);
    expect(await alert.first().getAttribute('class')).toContain('alert-warning');
    await page.screenshot({ path: `${ARTIFACTS}model-drift.png` });
    const cli = await runCliAsync(['model', 'drift', '--json', '--data', session.serve.dataDir]);
    expect(cli.code).toBe(0);
    const [d] = JSON.parse(cli.stdout) as { modelId: string; drifted: boolean; features: { feature: string; psi: number }[] }[];
    expect(d).toMatchObject({ modelId: 'quorum-default@1', drifted: true });
    expect(d!.features[0]!.psi).toBeGreaterThan(0.25);

    // The trader demotes the drifted model beside its figures: it goes on in shadow, its drift still shown.
    await cell.getByRole('button', { name: 'demote' }).click();
    const status = page.getByLabel('Status of quorum-default@1');
    await until(async () => (await status.inputValue()) === 'shadow', 'the model in shadow', 15_000);
    await until(async () => (await cell.getByRole('button', { name: 'promote' }).count()) === 1, 'promote offered', 15_000);
    const listed = await runCliAsync(['model', 'list', '--json', '--data', session.serve.dataDir]);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id: 'quorum-default@1', status: 'shadow' }]);
    expect(session.pageErrors).toEqual([]);
  });
});
