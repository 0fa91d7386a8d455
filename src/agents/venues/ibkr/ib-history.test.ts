import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseBarsCsv } from '../../../shared/market-data/bars-csv.ts';
import type { InstrumentId } from '../../../shared/domain/instrument.ts';
import { LiveClock } from '../../engine/live-clock.ts';
import { TestClock } from '../../engine/clock.ts';
import { FakeGateway } from './fake-gateway.ts';
import { HistoryFile, type HistoryIdentity } from './history-file.ts';
import { downloadHistory, type HistoryProgress, type HistoryRequest } from './ib-history.ts';
import { historyPages, type HistoryBar } from './ib-history-plan.ts';
import { openIbApi } from './ib-open.ts';
import { PacingLimiter } from './ib-pacing.ts';

const root = mkdtempSync(join(tmpdir(), 'quorum-history-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const clock = new LiveClock();
let gateway: FakeGateway | null = null;
afterEach(async () => {
  await gateway?.stop();
  gateway = null;
});

const DAY = 86_400_000;
const FROM = Date.UTC(2024, 0, 1); // a Monday
/** 5-minute bars in regular hours (14:30–21:00 UTC) on weekdays: the weekends are windows without data. */
function fiveMinuteBars(days: number): HistoryBar[] {
  const bars: HistoryBar[] = [];
  for (let d = 0; d < days; d++) {
    const day = FROM + d * DAY;
    if ([0, 6].includes(new Date(day).getUTCDay())) continue;
    for (let t = day + 14.5 * 3_600_000; t < day + 21 * 3_600_000; t += 300_000) {
      const p = 100 + bars.length * 0.01;
      bars.push({ ts: t, open: p, high: p + 0.5, low: p - 0.5, close: p + 0.1, volume: 1_000 + bars.length });
    }
  }
  return bars;
}
const request = (o: Partial<HistoryRequest> = {}): HistoryRequest => ({
  symbol: 'AAPL',
  exchange: 'SMART',
  currency: 'USD',
  bar: '5m',
  what: 'TRADES',
  fromMs: FROM,
  toMs: FROM + 21 * DAY,
  ...o,
});
const identity = (r: HistoryRequest): HistoryIdentity => ({
  symbol: r.symbol,
  exchange: r.exchange,
  currency: r.currency,
  bar: r.bar,
  what: r.what,
  from: new Date(r.fromMs).toISOString(),
  to: new Date(r.toMs).toISOString(),
});
// No waiting in tests: IB's pacing rules are the limiter's own test below.
const quick = { clock, pacingRetryMs: 20, limiter: new PacingLimiter(clock, []) };

async function connect(clientId: number) {
  const opened = await openIbApi({ host: '127.0.0.1', port: gateway!.port, clientId }, clock);
  if (!opened.ok) throw new Error(opened.reason);
  return opened.ib;
}
const csvBars = (file: string) => {
  const parsed = parseBarsCsv(readFileSync(file, 'utf8'), 'IB:AAPL' as InstrumentId);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value.bars.map((b) => ({ ts: b.ts, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume }));
};

describe('downloading history from IB (quorum data download)', () => {
  it('pages through IB in the longest windows it allows, waits out a pacing violation, and writes every bar once', async () => {
    gateway = await FakeGateway.start();
    const bars = fiveMinuteBars(21);
    gateway.history.set('AAPL', '5 mins', bars);
    gateway.history.violatePacing(1, 2);
    const ib = await connect(31);
    const out = join(root, 'aapl-5m.csv');
    const r = request();
    const progress: HistoryProgress[] = [];
    const result = await downloadHistory(ib, r, new HistoryFile(out, identity(r)), { ...quick, progress: (p) => progress.push(p) });
    ib.disconnect();
    expect(result).toEqual({ ok: true, bars: bars.length, pages: 4, resumedAfter: null, pacingRetries: 2, alreadyComplete: false });
    expect(csvBars(out)).toEqual(bars);
    // Each request asks for one week of 5-minute bars, ending where the next begins (a bar of overlap).
    expect(gateway.history.requests.map((q) => [q.endDateTime, q.duration, q.barSize, q.whatToShow, q.useRth, q.formatDate])).toEqual([
      ['20240108-00:00:00', '1 W', '5 mins', 'TRADES', true, 2],
      ['20240114-23:55:00', '1 W', '5 mins', 'TRADES', true, 2],
      ['20240114-23:55:00', '1 W', '5 mins', 'TRADES', true, 2],
      ['20240114-23:55:00', '1 W', '5 mins', 'TRADES', true, 2],
      ['20240121-23:50:00', '1 W', '5 mins', 'TRADES', true, 2],
      ['20240122-00:00:00', '1 W', '5 mins', 'TRADES', true, 2],
    ]);
    expect(progress.map((p) => [p.page, p.pages])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    expect(progress.at(-1)!.bars).toBe(bars.length);
  });

  it('keeps what it wrote when the connection drops, and the same command resumes after the last bar', async () => {
    gateway = await FakeGateway.start();
    const bars = fiveMinuteBars(21);
    gateway.history.set('AAPL', '5 mins', bars);
    const out = join(root, 'resume.csv');
    const r = request();
    const first = await connect(32);
    const dropped = await downloadHistory(first, r, new HistoryFile(out, identity(r)), {
      ...quick,
      progress: (p) => {
        if (p.page === 2) gateway!.dropClient(32);
      },
    });
    expect(dropped).toMatchObject({
      ok: false,
      error: expect.stringMatching(/closed during the download; the bars written so far are kept: run the same command again to resume$/),
    });
    const kept = csvBars(out);
    expect(kept).toEqual(bars.slice(0, kept.length));
    expect(kept.length).toBeGreaterThan(0);

    const second = await connect(33);
    const resumed = await downloadHistory(second, r, new HistoryFile(out, identity(r)), quick);
    second.disconnect();
    expect(resumed).toMatchObject({ ok: true, bars: bars.length, resumedAfter: kept.at(-1)!.ts });
    expect(csvBars(out)).toEqual(bars);

    // Run once more: nothing to fetch.
    const third = await connect(34);
    expect(await downloadHistory(third, r, new HistoryFile(out, identity(r)), quick)).toMatchObject({
      ok: true,
      alreadyComplete: true,
      bars: bars.length,
    });
    third.disconnect();
  });

  it('dates daily bars by the exchange date, and reads as a bars CSV that quorum backtest takes', async () => {
    gateway = await FakeGateway.start();
    const days: HistoryBar[] = [];
    for (let d = 0; d < 800; d++) {
      const ts = FROM + d * DAY;
      if (![0, 6].includes(new Date(ts).getUTCDay()))
        days.push({ ts, open: 10 + d, high: 11 + d, low: 9 + d, close: 10.5 + d, volume: 5e6 });
    }
    gateway.history.set('AAPL', '1 day', days);
    const ib = await connect(35);
    const out = join(root, 'daily.csv');
    const r = request({ bar: '1d', toMs: FROM + 800 * DAY });
    const result = await downloadHistory(ib, r, new HistoryFile(out, identity(r)), quick);
    ib.disconnect();
    expect(result).toMatchObject({ ok: true, bars: days.length, pages: 3 });
    expect(readFileSync(out, 'utf8').split('\n').slice(0, 3)).toEqual([
      'timestamp,open,high,low,close,volume',
      '2024-01-01,10,11,9,10.5,5000000',
      '2024-01-02,11,12,10,11.5,5000000',
    ]);
    expect(csvBars(out)).toEqual(days);
  });

  it("stops with IB's reason on a symbol it does not know, and never writes over a file that is not this download", async () => {
    gateway = await FakeGateway.start();
    gateway.history.set('AAPL', '5 mins', fiveMinuteBars(3));
    gateway.history.set('MSFT', '5 mins', fiveMinuteBars(3));
    const ib = await connect(36);
    const r = request({ symbol: 'NOPE' });
    const unknown = await downloadHistory(ib, r, new HistoryFile(join(root, 'nope.csv'), identity(r)), quick);
    expect(unknown).toEqual({
      ok: false,
      bars: 0,
      error: 'IB knows no stock NOPE on SMART in USD (200: No security definition has been found for the request)',
    });
    // Nothing was written: nothing is left behind to stand in the way of the next try.
    expect(existsSync(join(root, 'nope.csv'))).toBe(false);
    expect(existsSync(join(root, 'nope.csv.download.json'))).toBe(false);

    const mine = join(root, 'my-data.csv');
    writeFileSync(mine, 'date,open,high,low,close,volume\n2020-01-01,1,1,1,1,1\n');
    const refused = await downloadHistory(ib, request(), new HistoryFile(mine, identity(request())), quick);
    expect(refused).toEqual({
      ok: false,
      bars: 0,
      error: `${mine} exists and is not a download in progress: choose another --out, or move it away`,
    });
    expect(readFileSync(mine, 'utf8')).toBe('date,open,high,low,close,volume\n2020-01-01,1,1,1,1,1\n');

    const other = join(root, 'other.csv');
    const msft = request({ symbol: 'MSFT', toMs: FROM + DAY });
    await downloadHistory(ib, msft, new HistoryFile(other, identity(msft)), quick);
    const again = await downloadHistory(ib, request(), new HistoryFile(other, identity(request())), quick);
    expect(again).toMatchObject({
      ok: false,
      error: expect.stringMatching(/holds another download \(symbol MSFT instead of AAPL, to .* instead of .*\): choose another --out$/),
    });
    expect(existsSync(`${other}.download.json`)).toBe(true);
    ib.disconnect();
  });
});

describe("IB's pacing rules for historical data", () => {
  it('lets six requests go in two seconds and sixty in ten minutes, then waits for the oldest to age out', async () => {
    const t = new TestClock(0);
    const limiter = new PacingLimiter(t);
    for (let i = 0; i < 6; i++) await limiter.slot();
    expect(limiter.waitMs()).toBe(2_000);
    let sent = 6;
    for (let s = 0; s < 300 && sent < 61; s++) {
      while (limiter.waitMs() === 0 && sent < 61) {
        await limiter.slot();
        sent++;
      }
      t.advanceBy(limiter.waitMs() || 1);
    }
    // The 61st request waits until the first is ten minutes old.
    expect(t.now()).toBeGreaterThanOrEqual(600_000);
  });

  it('plans pages oldest first, each as long as IB allows and a bar of overlap, the last ending at --to', () => {
    const pages = historyPages('1m', FROM, FROM + 2.5 * DAY);
    expect(pages.map((p) => p.endDateTime)).toEqual(['20240102-00:00:00', '20240102-23:59:00', '20240103-12:00:00']);
  });
});
