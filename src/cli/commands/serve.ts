import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadReplay } from '../../agents/venues/simulated/load-replay.ts';
import { loadHeadlinesFile } from '../../agents/analysts/news/load-headlines.ts';
import { isHeadlineFile } from '../../agents/analysts/news/news-folder.ts';
import { CliError } from '../cli-error.ts';
import { intOption, parseOptions, resolveDataDir } from '../cli-options.ts';
import { newToken } from '../serve/serve-auth.ts';
import { readRuntime, removeRuntime, writeRuntime } from '../serve/runtime-file.ts';
import { ServeHost } from '../serve/serve-host.ts';
import { startServeServer } from '../serve/serve-server.ts';
import { startMetricsServer } from '../serve/metrics-server.ts';
import { switchVenue, VENUE_FLAG_OPTIONS } from '../serve/venue-switch.ts';
import { loadProfileSettings } from '../../agents/settings/profile-settings.ts';
import type { VenueSettings } from '../../shared/domain/venue.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** `quorum serve`: the engine headless, the workstation in any browser on this machine. */
export async function runServe(args: string[]): Promise<void> {
  const { values } = parseOptions(args, {
    port: { type: 'string' },
    data: { type: 'string' },
    seed: { type: 'string' },
    'bar-ms': { type: 'string' },
    feed: { type: 'string' },
    replay: { type: 'string' },
    'replay-speed': { type: 'string' },
    news: { type: 'string' },
    set: { type: 'string', multiple: true },
    'max-restarts': { type: 'string' },
    'metrics-port': { type: 'string' },
    ...VENUE_FLAG_OPTIONS,
  });
  if (values.feed !== undefined && values.feed !== 'simulator' && values.feed !== 'random-walk') {
    throw new CliError('--feed must be simulator or random-walk');
  }
  const port = intOption(values.port, 'port', 7420, 0, 65535);
  const metricsPort = values['metrics-port'] === undefined ? null : intOption(values['metrics-port'], 'metrics-port', 9464, 0, 65535);
  const rendererRoot = join(ROOT, 'out', 'renderer');
  if (!existsSync(join(rendererRoot, 'index.html'))) throw new CliError('the UI is not built yet: run `npm run build` first');
  const replay = values.replay ? checkReplay(resolve(values.replay), values['replay-speed']) : null;
  const news = values.news ? checkNews(resolve(values.news)) : null;
  const dataDir = resolveDataDir(values.data);
  mkdirSync(dataDir, { recursive: true });
  const other = readRuntime(dataDir);
  if (other)
    throw new CliError(
      `another quorum serve (pid ${other.pid}, port ${other.port}) already uses ${dataDir}; one engine per data directory`,
    );
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const venue = await switchVenue(dataDir, values);
  if (venue && venue.mode !== 'sim' && (replay || values.feed))
    throw new CliError('--replay and --feed drive the simulated market; this profile trades at IB (--venue sim to switch back)');

  // --seed and --bar-ms are the command line's say on two settings; the engine resolves them all again at each start.
  const sets = [
    ...(values.set ?? []),
    ...(values.seed !== undefined ? [`session.seed=${intOption(values.seed, 'seed', 1, 0, 2 ** 31 - 1)}`] : []),
    ...(values['bar-ms'] !== undefined ? [`session.barIntervalMs=${intOption(values['bar-ms'], 'bar-ms', 1_000, 1_000, 86_400_000)}`] : []),
  ];
  const settings = loadProfileSettings(dataDir, sets);
  if (!settings.ok) throw new CliError(`the settings are not valid:\n${settings.error}`);
  const host = new ServeHost({
    dataDir,
    settings: sets,
    feed: values.feed as 'simulator' | 'random-walk' | undefined,
    ...(replay ? { replay } : {}),
    ...(news ? { news } : {}),
    version,
    // How many engine restarts within a minute before the host stops restarting (and tries again a minute later).
    ...(values['max-restarts'] !== undefined
      ? { supervisor: { maxRestarts: intOption(values['max-restarts'], 'max-restarts', 5, 1, 1_000) } }
      : {}),
  });
  const token = newToken();
  let server;
  try {
    server = await startServeServer({ host, rendererRoot, port, token });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === 'EADDRINUSE' ? `port ${port} is in use; pass --port N (0 picks a free one)` : (err as Error).message);
  }
  const metrics =
    metricsPort === null
      ? null
      : await startMetricsServer(host, metricsPort).catch((err: NodeJS.ErrnoException) => {
          void server.close();
          throw new CliError(err.code === 'EADDRINUSE' ? `--metrics-port ${metricsPort} is in use (0 picks a free one)` : err.message);
        });
  host.start();
  writeRuntime(dataDir, { pid: process.pid, port: server.port, token });
  console.log(`Quorum is serving the workstation at http://127.0.0.1:${server.port}/?token=${token}`);
  console.log(`data: ${join(dataDir, 'quorum.sqlite')}`);
  if (venue) console.log(describeVenue(venue));
  if (metrics) console.log(`metrics: http://127.0.0.1:${metrics.port}/metrics (health: /healthz)`);
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.stop();
    await server.close();
    await metrics?.close();
    removeRuntime(dataDir);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function describeVenue(v: VenueSettings): string {
  if (v.mode === 'sim') return 'venue: SIM — the simulated market (quorum serve --venue ib-paper to trade an IB paper account)';
  const where = `${v.host}:${v.port}, client id ${v.clientId}`;
  return `venue: ${v.mode === 'ib-live' ? `LIVE — IB account ${v.account}` : `PAPER — IB paper account${v.account ? ` ${v.account}` : ''}`} through ${where}; ${v.symbols.join(', ')}; agents trading off until you turn them on`;
}

/** Checks a headlines file here, as a replay file: a bad row is said at the terminal with its line. */
function checkNews(file: string): string {
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    const files = readdirSync(file).filter(isHeadlineFile).length;
    console.log(`news: watching ${file} for headline files (${files} there now; new ones are read as they appear)`);
    return file;
  }
  const parsed = loadHeadlinesFile(file);
  if (!parsed.ok) throw new CliError(parsed.error);
  console.log(`news: ${parsed.value.headlines.length} headline(s) from ${file}`);
  return file;
}

/** Checks a replay file here, so that a bad one is reported at the terminal, not as a crash loop. */
function checkReplay(file: string, speedText: string | undefined): { file: string; speed: number } {
  const speed = speedText === undefined ? 86_400 : Number(speedText);
  const loaded = loadReplay(file, speed);
  if (!loaded.ok) throw new CliError(loaded.error);
  return { file, speed };
}
