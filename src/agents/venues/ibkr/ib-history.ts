import { EventName, SecType, type BarSizeSetting, type IBApi, type WhatToShow } from '@stoqey/ib';
import type { Clock } from '../../engine/clock.ts';
import type { HistoryFile } from './history-file.ts';
import {
  HISTORY_BAR_SIZES,
  PAGE_SPAN,
  historyPages,
  parseIbBarTime,
  type HistoryBar,
  type HistoryBarSize,
  type HistoryPage,
} from './ib-history-plan.ts';
import { PacingLimiter } from './ib-pacing.ts';
import type { HistoryWhat } from '../../../shared/market-data/history-download.ts';

/** A download's own client id: never the engine's, which is connected while a session trades. */
export const DOWNLOAD_CLIENT_ID = 901;

export interface HistoryRequest {
  symbol: string;
  exchange: string;
  currency: string;
  bar: HistoryBarSize;
  what: HistoryWhat;
  fromMs: number;
  toMs: number;
}

export interface HistoryProgress {
  page: number;
  pages: number;
  bars: number;
  /** The newest bar written so far. */
  lastTs: number | null;
}

export interface HistoryDownloadOptions {
  clock: Clock;
  progress?: (p: HistoryProgress) => void;
  /** How long to wait after a pacing violation before asking again (IB: 15 s between identical requests). */
  pacingRetryMs?: number;
  /** Pacing violations in a row before giving up. */
  maxPacingRetries?: number;
  /** How long one page may go unanswered. */
  pageTimeoutMs?: number;
  limiter?: PacingLimiter;
}

export type HistoryDownloadResult =
  | { ok: true; bars: number; pages: number; resumedAfter: number | null; pacingRetries: number; alreadyComplete: boolean }
  | { ok: false; error: string; bars: number };

type PageAnswer = { bars: HistoryBar[] } | { code: number | null; text: string };

/**
 * Downloads bars from IB into a bars CSV, page by page (the longest duration IB allows per bar
 * size), oldest first, within IB's pacing rules. A pacing violation (162) waits and asks again; a
 * window without data (a weekend, a holiday) is skipped; anything else stops the download with IB's
 * reason, and the bars written so far stay: the same command resumes after the last one.
 */
export async function downloadHistory(
  ib: IBApi,
  request: HistoryRequest,
  file: HistoryFile,
  options: HistoryDownloadOptions,
): Promise<HistoryDownloadResult> {
  const state = file.state();
  if (state.kind === 'refused') return { ok: false, error: state.reason, bars: 0 };
  if (state.kind === 'complete')
    return { ok: true, bars: state.bars, pages: 0, resumedAfter: null, pacingRetries: 0, alreadyComplete: true };
  if (state.kind === 'new') file.begin();
  let lastTs = state.kind === 'resume' ? state.lastTs : null;
  let bars = state.kind === 'resume' ? state.bars : 0;
  const pages = historyPages(request.bar, lastTs === null ? request.fromMs : lastTs, request.toMs);
  const pager = new HistoryPager(ib, request, options);
  let pacingRetries = 0;
  const failed = (error: string): HistoryDownloadResult => {
    if (state.kind === 'new' && bars === 0) file.discard();
    return { ok: false, bars, error };
  };
  try {
    for (const page of pages) {
      let answer = await pager.fetch(page);
      for (let tries = 0; isPacingViolation(answer); tries++) {
        if (tries >= (options.maxPacingRetries ?? 10))
          return failed(
            `IB kept refusing for pacing after ${tries} tries; run the same command later to resume after ${describeTs(lastTs)}`,
          );
        pacingRetries++;
        await new Promise<void>((r) => options.clock.after(options.pacingRetryMs ?? 15_000, r));
        answer = await pager.fetch(page);
      }
      if ('text' in answer && !isNoData(answer)) return failed(describeHistoryError(request, page, answer));
      const fresh =
        'bars' in answer
          ? answer.bars.filter((b) => b.ts >= request.fromMs && b.ts < request.toMs && (lastTs === null || b.ts > lastTs))
          : [];
      file.append(fresh);
      bars += fresh.length;
      if (fresh.length) lastTs = fresh.at(-1)!.ts;
      options.progress?.({ page: page.index + 1, pages: pages.length, bars, lastTs });
    }
  } finally {
    pager.close();
  }
  file.finish();
  return {
    ok: true,
    bars,
    pages: pages.length,
    resumedAfter: state.kind === 'resume' ? state.lastTs : null,
    pacingRetries,
    alreadyComplete: false,
  };
}

const isPacingViolation = (a: PageAnswer) => 'text' in a && a.code === 162 && /pacing violation/i.test(a.text);
const isNoData = (a: PageAnswer) => 'text' in a && a.code === 162 && /returned no data/i.test(a.text);
const describeTs = (ts: number | null) => (ts === null ? 'the start' : new Date(ts).toISOString());

function describeHistoryError(r: HistoryRequest, page: HistoryPage, a: { code: number | null; text: string }): string {
  const what = `${r.symbol} on ${r.exchange} in ${r.currency}`;
  const resume = 'the bars written so far are kept: run the same command again to resume';
  if (a.code === 200) return `IB knows no stock ${what} (200: ${a.text})`;
  if (a.code === 354 || a.code === 10090 || a.code === 10167)
    return `no market data permission for ${what} (${a.code}: ${a.text}); ${resume} once the subscription is in place`;
  if (a.code === 504 || a.code === 1100 || a.code === null) return `${a.text}; ${resume}`;
  return `IB refused the bars up to ${new Date(page.endMs).toISOString()} (${a.code}: ${a.text}); ${resume}`;
}

/** One request at a time over an open connection, matched to its answer by request id. */
class HistoryPager {
  private nextId = 90_000;
  private readonly waiting = new Map<number, { bars: HistoryBar[]; done: (a: PageAnswer) => void }>();
  private readonly limiter: PacingLimiter;
  private readonly onBar: (reqId: number, time: string, open: number, high: number, low: number, close: number, volume: number) => void;
  private readonly onError: (err: Error, code: number, reqId: number) => void;
  private readonly onDisconnect: () => void;

  private readonly ib: IBApi;
  private readonly request: HistoryRequest;
  private readonly options: HistoryDownloadOptions;

  constructor(ib: IBApi, request: HistoryRequest, options: HistoryDownloadOptions) {
    this.ib = ib;
    this.request = request;
    this.options = options;
    this.limiter = options.limiter ?? new PacingLimiter(options.clock);
    this.onBar = (reqId, time, open, high, low, close, volume) => {
      const w = this.waiting.get(reqId);
      if (!w) return;
      if (time.startsWith('finished')) return w.done({ bars: w.bars });
      const ts = parseIbBarTime(time);
      if (ts === null) return w.done({ code: null, text: `IB sent a bar time that is neither a date nor epoch seconds: ${time}` });
      w.bars.push({ ts, open, high, low, close, volume: Number(volume) });
    };
    this.onError = (err, code, reqId) => {
      if (reqId === -1 && (code === 504 || code === 1100)) for (const w of this.waiting.values()) w.done({ code, text: err.message });
      else this.waiting.get(reqId)?.done({ code, text: err.message });
    };
    this.onDisconnect = () => {
      for (const w of this.waiting.values()) w.done({ code: null, text: 'the connection to IB closed during the download' });
    };
    ib.on(EventName.historicalData, this.onBar);
    ib.on(EventName.error, this.onError);
    ib.on(EventName.disconnected, this.onDisconnect);
  }

  async fetch(page: HistoryPage): Promise<PageAnswer> {
    await this.limiter.slot();
    const reqId = this.nextId++;
    const timeoutMs = this.options.pageTimeoutMs ?? 60_000;
    return new Promise<PageAnswer>((resolve) => {
      const cancel = this.options.clock.after(timeoutMs, () =>
        finish({ code: null, text: `IB did not answer the request for the bars up to ${page.endDateTime} within ${timeoutMs / 1000} s` }),
      );
      const finish = (a: PageAnswer) => {
        cancel();
        this.waiting.delete(reqId);
        resolve(a);
      };
      this.waiting.set(reqId, { bars: [], done: finish });
      const r = this.request;
      this.ib.reqHistoricalData(
        reqId,
        { symbol: r.symbol, secType: SecType.STK, exchange: r.exchange, currency: r.currency },
        page.endDateTime,
        PAGE_SPAN[r.bar].duration,
        HISTORY_BAR_SIZES[r.bar] as BarSizeSetting,
        r.what as WhatToShow,
        // Regular trading hours only: the bars a backtest of the session expects.
        1,
        2,
        false,
      );
    });
  }

  close(): void {
    this.ib.off(EventName.historicalData, this.onBar);
    this.ib.off(EventName.error, this.onError);
    this.ib.off(EventName.disconnected, this.onDisconnect);
  }
}
