import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeGateway } from '../../agents/venues/ibkr/fake-gateway.ts';
import type { HistoryBar } from '../../agents/venues/ibkr/ib-history-plan.ts';
import { runCli, runCliAsync, startCli } from '../run-cli.ts';

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

  it('continues a download killed part way when run again, and the file is the same, byte for byte, as one never interrupted', async () => {
    const gateway = await FakeGateway.start();
    try {
      const bars: HistoryBar[] = [];
      for (let t = Date.UTC(2024, 2, 4); t < Date.UTC(2024, 2, 23); t += 60_000) {
        const minute = (t % DAY) / 60_000;
        if ([0, 6].includes(new Date(t).getUTCDay()) || minute < 870 || minute >= 1_260) continue;
        const p = 50 + Math.sin(t / 3.6e6);
        bars.push({ ts: t, open: p, high: p + 0.1, low: p - 0.1, close: p + 0.05, volume: 100 + (t % 977) });
      }
      gateway.history.set('MSFT', '1 min', bars);
      const args = (out: string) => [
        'data',
        'download',
        '--symbol',
        'MSFT',
        '--bar',
        '1m',
        '--from',
        '2024-03-04',
        '--to',
        '2024-03-22',
        '--out',
        out,
        '--port',
        String(gateway.port),
      ];
      const whole = join(root, 'whole.csv');
      expect((await runCliAsync(args(whole))).code).toBe(0);

      const cut = join(root, 'cut.csv');
      const child = startCli(args(cut));
      const exited = new Promise((r) => child.once('exit', r));
      // Killed once some pages are in (IB's pacing spaces the 19 requests over several seconds).
      for (let i = 0; i < 500 && !(existsSync(cut) && readFileSync(cut, 'utf8').split('\n').length > 2_000); i++)
        await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGKILL');
      await exited;
      const kept = readFileSync(cut, 'utf8');
      expect(kept.length).toBeLessThan(readFileSync(whole, 'utf8').length);
      // As if it had been killed in the middle of writing a row.
      appendFileSync(cut, '2024-03-20T14:3');
      const resumed = await runCliAsync(args(cut));
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toMatch(/, resumed after 2024-03-\d\dT\d\d:\d\d:00\.000Z/);
      expect(readFileSync(cut).equals(readFileSync(whole))).toBe(true);
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
