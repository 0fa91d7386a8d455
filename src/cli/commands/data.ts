import { resolve } from 'node:path';
import { LiveClock } from '../../agents/engine/live-clock.ts';
import { HistoryFile } from '../../agents/venues/ibkr/history-file.ts';
import { downloadHistory, type HistoryRequest } from '../../agents/venues/ibkr/ib-history.ts';
import { HISTORY_BAR_SIZES, HISTORY_WHAT, parseDownloadRange, type HistoryBarSize } from '../../agents/venues/ibkr/ib-history-plan.ts';
import { openIbApi } from '../../agents/venues/ibkr/ib-open.ts';
import { CliError } from '../cli-error.ts';
import { checkOutputFile, parseOptions } from '../cli-options.ts';
import { IB_ENDPOINT_OPTIONS, ibEndpointFor } from '../ib-endpoint.ts';
import { progressBar } from '../progress-bar.ts';

const USAGE =
  'usage: quorum data download --symbol AAPL [--exchange SMART] [--currency USD] --bar 1d|1h|5m|1m --from DATE --to DATE [--what TRADES|MIDPOINT|ADJUSTED_LAST] --out FILE.csv [--host H] [--port P] [--client-id N] [--data DIR]';

/**
 * `quorum data download`: bars from IB into the CSV `quorum backtest` reads, paged within IB's
 * limits, with a progress bar; run again, it resumes after the last bar written. The endpoint is the
 * profile's IB settings unless --host / --port are given.
 */
export async function runData(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'download') throw new CliError(USAGE);
  const { values, positionals } = parseOptions(rest, {
    symbol: { type: 'string' },
    exchange: { type: 'string' },
    currency: { type: 'string' },
    bar: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    what: { type: 'string' },
    out: { type: 'string' },
    ...IB_ENDPOINT_OPTIONS,
  });
  if (positionals.length) throw new CliError(USAGE);
  const request = readRequest(values);
  if (!values.out) throw new CliError('--out FILE.csv is required');
  checkOutputFile(values.out, 'out');
  const endpoint = ibEndpointFor(values);
  const clock = new LiveClock();
  const opened = await openIbApi(endpoint, clock);
  if (!opened.ok) throw new CliError(opened.reason, 1);
  const out = resolve(values.out);
  const file = new HistoryFile(out, {
    symbol: request.symbol,
    exchange: request.exchange,
    currency: request.currency,
    bar: request.bar,
    what: request.what,
    from: values.from!,
    to: values.to!,
  });
  const bar = progressBar(`${request.symbol} ${request.bar}`, process.stderr);
  try {
    const result = await downloadHistory(opened.ib, request, file, {
      clock,
      progress: (p) => bar.update(p.page, p.pages),
    });
    bar.done();
    if (!result.ok) throw new CliError(result.bars ? `${result.error} (${result.bars} bars in ${out})` : result.error, 1);
    if (result.alreadyComplete) console.log(`${out} is already complete: ${result.bars} bars`);
    else
      console.log(
        `${result.bars} bars of ${request.symbol} (${request.bar}, ${request.what}) in ${out}` +
          `${result.resumedAfter !== null ? `, resumed after ${new Date(result.resumedAfter).toISOString()}` : ''}` +
          ` · ${result.pages} requests${result.pacingRetries ? `, ${result.pacingRetries} asked again after IB's pacing limit` : ''}`,
      );
    return 0;
  } finally {
    opened.ib.disconnect();
  }
}

function readRequest(values: Record<string, string | boolean | undefined>): HistoryRequest {
  const text = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const symbol = text('symbol')?.trim().toUpperCase();
  if (!symbol) throw new CliError('--symbol is required (AAPL)');
  const bar = text('bar');
  if (!bar || !(bar in HISTORY_BAR_SIZES))
    throw new CliError(`--bar must be one of ${Object.keys(HISTORY_BAR_SIZES).join(', ')}, not "${bar ?? ''}"`);
  const what = (text('what') ?? 'TRADES').toUpperCase();
  if (!(HISTORY_WHAT as readonly string[]).includes(what))
    throw new CliError(`--what must be one of ${HISTORY_WHAT.join(', ')}, not "${what}"`);
  const from = text('from');
  const to = text('to');
  if (!from) throw new CliError('--from DATE is required (2024-01-31)');
  if (!to) throw new CliError('--to DATE is required (2024-01-31)');
  const range = parseDownloadRange(from, to, (field) => `--${field}`);
  if (!range.ok) throw new CliError(range.error);
  const { fromMs, toMs } = range;
  return {
    symbol,
    exchange: (text('exchange') ?? 'SMART').toUpperCase(),
    currency: (text('currency') ?? 'USD').toUpperCase(),
    bar: bar as HistoryBarSize,
    what: what as HistoryRequest['what'],
    fromMs,
    toMs,
  };
}
