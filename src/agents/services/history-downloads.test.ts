import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryDownloadRequestSchema } from '../../shared/contracts/backtests.contract.ts';
import { silentLogger } from '../../shared/logger.ts';
import { DataFiles } from '../backtest/data-files.ts';
import { LiveClock } from '../engine/live-clock.ts';
import { FakeGateway } from '../venues/ibkr/fake-gateway.ts';
import type { HistoryBar } from '../venues/ibkr/ib-history-plan.ts';
import { HistoryDownloads } from './history-downloads.ts';

const root = mkdtempSync(join(tmpdir(), 'quorum-downloads-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function until<T>(what: string, value: () => T | undefined | false, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = value();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('downloads from IB started in the Backtests view', () => {
  it('downloads into a working folder, then adds the file to the data files; says why one fails', async () => {
    const gateway = await FakeGateway.start();
    try {
      const days: HistoryBar[] = [];
      for (let d = 0; d < 60; d++) {
        const ts = Date.UTC(2024, 0, 1) + d * 86_400_000;
        if (![0, 6].includes(new Date(ts).getUTCDay())) days.push({ ts, open: 50, high: 51, low: 49, close: 50.5, volume: 1e5 });
      }
      gateway.history.set('MSFT', '1 day', days);
      const dir = join(root, 'datasets');
      let changes = 0;
      let port = gateway.port;
      const downloads = new HistoryDownloads({
        dir,
        endpoint: () => ({ host: '127.0.0.1', port, clientId: 901 }),
        clock: new LiveClock(),
        log: silentLogger,
        changed: () => changes++,
      });
      const request = HistoryDownloadRequestSchema.parse({ symbol: 'msft', bar: '1d', from: '2024-01-01', to: '2024-02-29' });
      expect(downloads.start(request)).toEqual({ name: 'MSFT-1d-2024-01-01-2024-02-29.csv' });
      expect(() => downloads.start(request)).toThrow('MSFT-1d-2024-01-01-2024-02-29.csv is being downloaded already');
      const done = await until('the download to end', () => downloads.list().find((d) => d.state === 'done' || d.state === 'failed'));
      expect(done).toEqual({
        name: 'MSFT-1d-2024-01-01-2024-02-29.csv',
        symbol: 'MSFT',
        bar: '1d',
        from: '2024-01-01',
        to: '2024-02-29',
        state: 'done',
        page: 1,
        pages: 1,
        bars: days.length,
        error: null,
      });
      expect(changes).toBeGreaterThanOrEqual(3);
      expect(new DataFiles(undefined, dir).summaries()).toEqual([
        {
          name: 'MSFT-1d-2024-01-01-2024-02-29.csv',
          source: 'imported',
          bars: days.length,
          from: '2024-01-01',
          to: '2024-02-29',
          intervalMs: 86_400_000,
        },
      ]);
      expect(readdirSync(join(dir, 'downloading'))).toEqual([]);
      expect(() => downloads.start(request)).toThrow('MSFT-1d-2024-01-01-2024-02-29.csv is already among the data files');
      expect(() => downloads.start({ ...request, to: '2023-12-01' })).toThrow('to 2023-12-01 is not after from 2024-01-01');

      downloads.start({ ...request, symbol: 'NOPE' });
      const unknown = await until('the unknown symbol to fail', () =>
        downloads.list().find((d) => d.symbol === 'NOPE' && d.state === 'failed'),
      );
      expect(unknown.error).toBe('IB knows no stock NOPE on SMART in USD (200: No security definition has been found for the request)');

      port = 1;
      downloads.start({ ...request, symbol: 'AAPL' });
      const offline = await until('the offline one to fail', () =>
        downloads.list().find((d) => d.symbol === 'AAPL' && d.state === 'failed'),
      );
      expect(offline.error).toBe('nothing is listening on 127.0.0.1:1: is TWS or IB Gateway running, with the API enabled on port 1?');
      expect(existsSync(join(dir, 'AAPL-1d-2024-01-01-2024-02-29.csv'))).toBe(false);
    } finally {
      await gateway.stop();
    }
  });

  it('refuses a request that is not one, naming the field', () => {
    const bad = HistoryDownloadRequestSchema.safeParse({ symbol: 'AAPL; rm', bar: '2m', from: '2024/01/01', to: '2024-01-31' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'symbol: a symbol is 1 to 12 letters, digits or dots (AAPL, BRK.B)',
      expect.stringMatching(/^bar: /),
      'from: a date is YYYY-MM-DD',
    ]);
  });
});
