import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSweepWorker } from '../../agents/backtest/queue/sweep-worker.ts';
import { CliError } from '../cli-error.ts';
import { intOption, parseOptions } from '../cli-options.ts';

const USAGE = 'usage: quorum worker --queue redis://HOST:PORT [--concurrency N] [--cache DIR] [--lock-seconds N]';

/** Where a worker keeps the datasets it fetched: $XDG_CACHE_HOME/quorum/datasets (~/.cache on Linux). */
const defaultCache = () => join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'quorum', 'datasets');

/** `quorum worker`: runs sweep jobs from a Redis queue until Ctrl+C or SIGTERM, then finishes the jobs it holds. */
export async function runWorker(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    queue: { type: 'string' },
    concurrency: { type: 'string' },
    cache: { type: 'string' },
    'lock-seconds': { type: 'string' },
  });
  if (!values.queue) throw new CliError(USAGE);
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  const concurrency = intOption(values.concurrency, 'concurrency', 1, 1, 64);
  const cacheDir = resolve(values.cache ?? defaultCache());
  const worker = await startSweepWorker({
    url: values.queue,
    concurrency,
    cacheDir,
    lockSeconds: intOption(values['lock-seconds'], 'lock-seconds', 30, 1, 3_600),
    log,
  }).catch((err: Error) => {
    throw new CliError(err.message, 1);
  });
  log(`worker ${process.pid} ready on ${values.queue}: ${concurrency} job(s) at once, datasets cached in ${cacheDir}`);
  const signal = await new Promise<string>((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
  log(`${signal}: finishing the jobs held, then stopping`);
  await worker.close();
  log('stopped');
  return 0;
}
