import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeGateway } from '../../agents/venues/ibkr/fake-gateway.ts';
import { runCli, runCliAsync } from '../run-cli.ts';

const root = mkdtempSync(join(tmpdir(), 'quorum-instruments-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('quorum instruments', () => {
  it('searches IB, resolves a stock into the profile and lists what is kept', async () => {
    const gateway = await FakeGateway.start();
    try {
      const at = ['--port', String(gateway.port), '--data', root];
      const search = await runCliAsync(['instruments', 'search', 'amaz', ...at]);
      expect(search.stdout.trim()).toBe('AMZN     STK  NASDAQ   USD  AMAZON.COM INC  (conId 4215235)');
      const add = await runCliAsync(['instruments', 'add', 'aapl', ...at]);
      expect(add.code, add.stderr).toBe(0);
      expect(add.stdout.trim()).toBe(
        "IB:AAPL: APPLE INC · conId 265598 · NASDAQ USD · tick 0.01 · US/Eastern — kept for the profile's IB sessions",
      );
      const unknown = await runCliAsync(['instruments', 'add', 'nope', ...at]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr.trim()).toBe(
        'quorum: the details of NOPE: IB answered 200: No security definition has been found for the request',
      );
    } finally {
      await gateway.stop();
    }
    const list = runCli(['instruments', 'list', '--data', root, '--json']);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ id: 'IB:AAPL', conId: 265598, minTick: 0.01, timeZone: 'US/Eastern' }),
    ]);
    expect(runCli(['instruments', 'list', '--data', join(root, 'empty')]).stdout.trim()).toBe(
      'no instruments resolved yet: quorum instruments add SYMBOL',
    );
  });
});
