import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeGateway } from '../../agents/venues/ibkr/fake-gateway.ts';
import type { HistoryBar } from '../../agents/venues/ibkr/ib-history-plan.ts';
import { runCli, runCliAsync } from '../run-cli.ts';

const root = mkdtempSync(join(tmpdir(), 'quorum-data-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const DAY = 86_400_000;

describe('quorum data download', () => {
  it('writes the bars CSV quorum backtest reads, and a backtest runs on it', async () => {
    const gateway = await FakeGateway.start();
    try {
      const bars: HistoryBar[] = [];
      for (let d = 0; d < 400; d++) {
        const ts = Date.UTC(2023, 0, 2) + d * DAY;
        if ([0, 6].includes(new Date(ts).getUTCDay())) continue;
        const p = 100 * Math.exp(0.2 * Math.sin(d / 15) + d * 0.0005);
        bars.push({ ts, open: p, high: p * 1.01, low: p * 0.99, close: p * 1.002, volume: 1e6 });
      }
      gateway.history.set('SPY', '1 day', bars);
      const out = join(root, 'spy.csv');
      const args = ['data', 'download', '--symbol', 'spy', '--bar', '1d', '--from', '2023-01-02', '--to', '2024-02-05'];
      const r = await runCliAsync([...args, '--out', out, '--port', String(gateway.port), '--data', join(root, 'profile')]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(`${bars.length} bars of SPY (1d, TRADES) in ${out} · 2 requests`);
      expect(gateway.sessions.map((s) => s.clientId)).toEqual([901]);
      expect(readFileSync(out, 'utf8').split('\n')[1]).toBe(
        `2023-01-02,${bars[0]!.open},${bars[0]!.high},${bars[0]!.low},${bars[0]!.close},1000000`,
      );
      const again = await runCliAsync([...args, '--out', out, '--port', String(gateway.port)]);
      expect(again.stdout.trim()).toBe(`${out} is already complete: ${bars.length} bars`);

      const backtest = runCli(['backtest', '--input', out, '--json']);
      expect(backtest.code, backtest.stderr).toBe(0);
      const run = (JSON.parse(backtest.stdout) as { run: { from: string; to: string; periods: number } }).run;
      // A run of N bars has N − 1 returns.
      expect(run).toMatchObject({ from: '2023-01-02', to: '2024-02-05', periods: bars.length - 1 });
    } finally {
      await gateway.stop();
    }
  });

  it('says what is wrong with each bad option, and where nothing listens', () => {
    const base = [
      'data',
      'download',
      '--symbol',
      'AAPL',
      '--bar',
      '5m',
      '--from',
      '2024-01-01',
      '--to',
      '2024-01-31',
      '--out',
      join(root, 'x.csv'),
    ];
    const cases: [string[], string][] = [
      [[...base.slice(0, 5), '2m', ...base.slice(6)], 'quorum: --bar must be one of 1d, 1h, 5m, 1m, not "2m"'],
      [
        [...base.slice(0, 7), '2024-02-30', ...base.slice(8)],
        'quorum: --from "2024-02-30" is not a date (2024-01-31, or 2024-01-31T14:30:00Z)',
      ],
      [[...base.slice(0, 9), '2023-12-01', ...base.slice(10)], 'quorum: --to 2023-12-01 is not after --from 2024-01-01'],
      [[...base, '--what', 'BIDS'], 'quorum: --what must be one of TRADES, MIDPOINT, ADJUSTED_LAST, not "BIDS"'],
      [
        [...base.slice(0, 11), join(root, 'no-such-folder', 'x.csv')],
        `quorum: --out ${join(root, 'no-such-folder', 'x.csv')}: there is no folder ${join(root, 'no-such-folder')}`,
      ],
      [
        [...base, '--port', '1'],
        'quorum: nothing is listening on 127.0.0.1:1: is TWS or IB Gateway running, with the API enabled on port 1?',
      ],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      expect(r.stderr.trim(), args.join(' ')).toBe(message);
      expect(r.code).not.toBe(0);
    }
  });
});
