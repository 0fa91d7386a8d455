import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryDownload, HistoryDownloadRequest } from '../../shared/contracts/backtests.contract.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Clock } from '../engine/clock.ts';
import type { IbEndpoint } from '../venues/ibkr/ib-codes.ts';
import { HistoryFile } from '../venues/ibkr/history-file.ts';
import { downloadHistory } from '../venues/ibkr/ib-history.ts';
import { parseDownloadRange } from '../venues/ibkr/ib-history-plan.ts';
import { openIbApi } from '../venues/ibkr/ib-open.ts';

export interface HistoryDownloadsDeps {
  /** The data files folder (`<data>/datasets`): a finished download becomes one of them. */
  dir: string;
  /** Where the profile's IB settings point, with the download's own client id. */
  endpoint: () => IbEndpoint;
  clock: Clock;
  log: Logger;
  /** The downloads changed (one started, progressed or ended): the view is pushed again. */
  changed: () => void;
}

/** Downloads kept in the list after they end, newest first. */
const KEPT = 20;

/**
 * Downloads from IB started in the Backtests view, each into `<datasets>/downloading/` and moved
 * beside the other data files once complete, so a backtest never reads half a download. One that
 * failed keeps its bars: starting the same download again resumes it.
 */
export class HistoryDownloads {
  private readonly deps: HistoryDownloadsDeps;
  private readonly downloads: HistoryDownload[] = [];

  constructor(deps: HistoryDownloadsDeps) {
    this.deps = deps;
  }

  list(): HistoryDownload[] {
    return this.downloads.map((d) => ({ ...d }));
  }

  start(request: HistoryDownloadRequest): { name: string } {
    const range = parseDownloadRange(request.from, request.to, (field) => field);
    if (!range.ok) throw new Error(range.error);
    // The request's schema admits only letters, digits and dots in a symbol, and dates: a plain file name.
    const name = `${request.symbol}-${request.bar}-${request.from}-${request.to}.csv`;
    if (existsSync(join(this.deps.dir, name))) throw new Error(`${name} is already among the data files`);
    if (this.downloads.some((d) => d.name === name && (d.state === 'connecting' || d.state === 'running')))
      throw new Error(`${name} is being downloaded already`);
    const entry: HistoryDownload = {
      name,
      symbol: request.symbol,
      bar: request.bar,
      from: request.from,
      to: request.to,
      state: 'connecting',
      page: 0,
      pages: 0,
      bars: 0,
      error: null,
    };
    this.downloads.unshift(entry);
    this.downloads.splice(KEPT);
    this.deps.changed();
    void this.run(entry, request, range).catch((err: Error) => this.end(entry, err.message));
    return { name };
  }

  private async run(entry: HistoryDownload, r: HistoryDownloadRequest, range: { fromMs: number; toMs: number }): Promise<void> {
    const { clock } = this.deps;
    const opened = await openIbApi(this.deps.endpoint(), clock);
    if (!opened.ok) return this.end(entry, opened.reason);
    const working = join(this.deps.dir, 'downloading');
    mkdirSync(working, { recursive: true });
    // The request is what the download is of: a second start of it resumes this file.
    const file = new HistoryFile(join(working, entry.name), r);
    entry.state = 'running';
    this.deps.changed();
    try {
      const result = await downloadHistory(opened.ib, { ...r, ...range }, file, {
        clock,
        progress: (p) => {
          Object.assign(entry, { page: p.page, pages: p.pages, bars: p.bars });
          this.deps.changed();
        },
      });
      if (!result.ok) return this.end(entry, result.error);
      entry.bars = result.bars;
      if (result.bars === 0) {
        file.discard();
        return this.end(entry, `IB had no ${r.bar} bars of ${r.symbol} from ${r.from} to ${r.to}`);
      }
      renameSync(file.file, join(this.deps.dir, entry.name));
      rmSync(file.sidecar, { force: true });
      this.deps.log.info({ name: entry.name, bars: result.bars }, 'history downloaded from IB');
      this.end(entry, null);
    } finally {
      opened.ib.disconnect();
    }
  }

  private end(entry: HistoryDownload, error: string | null): void {
    entry.state = error === null ? 'done' : 'failed';
    entry.error = error;
    if (error) this.deps.log.warn({ name: entry.name, error }, 'history download failed');
    this.deps.changed();
  }
}
