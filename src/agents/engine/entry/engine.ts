import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { EngineModeSchema } from '../../../shared/contracts/system.contract.ts';
import { describeStorageFault, isStorageFault, openCheckedProfile } from '../../store/open-profile.ts';
import { Kernel } from '../kernel.ts';
import { loadReplay } from '../../venues/simulated/load-replay.ts';
import type { FeedSpec } from '../../venues/simulated/paper-market.ts';
import { buildIbMarket, type IbSessionSpec } from '../../venues/ibkr/ib-market.ts';
import { readVenueSettings } from '../../store/projections.ts';
import type { VenueSettings } from '../../../shared/domain/venue.ts';
import { serveUiPort } from '../../services/ui-session.ts';
import { registerServices } from '../../services/register-services.ts';
import { connectToHost } from './host-channel.ts';
import { answerAuditRequest } from './audit-requests.ts';
import { describeOrderBook } from '../../../native/index.ts';
import { findBundledData, findDefaultModel } from '../../models/default-model-path.ts';
import { availableParallelism } from 'node:os';
import { readArgs } from './process-args.ts';
import { loadProfileSettings } from '../../settings/profile-settings.ts';
import { journalHandEdits } from '../../settings/settings-changes.ts';
import { engineMetrics, metricsReader } from '../engine-metrics.ts';
import { loadHeadlinesFile } from '../../analysts/news/load-headlines.ts';
import type { Headline } from '../../../shared/domain/news.ts';

/**
 * Entry of the engine process (an Electron utility process, or a child of `quorum serve`):
 * opens the profile's database, starts the kernel, answers heartbeats and serves the ports its
 * host attaches.
 */
/** Exit code of an engine that refuses to run on its profile or its disk. */
const EXIT_FAULT = 3;
const log = pino({ name: 'engine', level: process.env['QUORUM_LOG_LEVEL'] ?? 'info' }, pino.destination(2));
const args = readArgs(process.argv.slice(2));
const dataDir = args.get('data') ?? process.env['QUORUM_DATA_DIR'];
if (!dataDir) throw new Error('engine: --data DIR is required');
mkdirSync(dataDir, { recursive: true });

/** The profile's venue (switched by `quorum serve --venue`, journaled): IB, or the simulated market and its feed. */
function feedSpec(venue: VenueSettings, delayedDataToAgents: boolean): FeedSpec | IbSessionSpec {
  if (venue.mode !== 'sim')
    return {
      kind: 'ib',
      endpoint: { host: venue.host, port: venue.port, clientId: venue.clientId },
      account: { kind: venue.mode === 'ib-live' ? 'live' : 'paper', ...(venue.account ? { accountId: venue.account } : {}) },
      symbols: venue.symbols,
      delayedDataToAgents,
    };
  const replay = args.get('replay');
  if (!replay) return { kind: args.get('feed') === 'random-walk' ? 'random-walk' : 'simulator' };
  const loaded = loadReplay(replay, Number(args.get('replay-speed') ?? 86_400));
  if (!loaded.ok) {
    log.error({ error: loaded.error }, 'cannot replay');
    process.exit(2);
  }
  return loaded.spec;
}

/** The news analyst's headlines (`quorum serve --news FILE|DIR`, checked there already): a file's, or a folder to watch. */
function newsOption(): { headlines: Headline[] } | { folder: string } | null {
  const file = args.get('news');
  if (!file) return null;
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) return { folder: file };
  const loaded = loadHeadlinesFile(file);
  if (!loaded.ok) {
    log.error({ error: loaded.error }, 'cannot read the news');
    process.exit(2);
  }
  return { headlines: loaded.value.headlines };
}

const host = connectToHost();
const news = newsOption();
// The profile's settings file, the environment and `quorum serve --set` (checked there already; a file edited since is checked here).
const loaded = loadProfileSettings(dataDir, JSON.parse(args.get('settings-flags') ?? '[]') as string[]);
if (!loaded.ok) stopOnFault(`the settings are not valid: ${loaded.error}`);
const { settings } = loaded.value;
const store = openCheckedProfile(join(dataDir, 'quorum.sqlite'), (reason) => stopOnFault(reason));
journalHandEdits(store, dataDir, Date.now());
const venue = readVenueSettings(store.db);
const kernel = new Kernel({
  // A full disk waits for space; anything else (a constraint) is a crash, and the restart recovers from SQLite.
  onStorageFailure: (err) => {
    if (isStorageFault(err)) stopOnFault(describeStorageFault(err, store.file));
    log.fatal({ err }, 'an event could not be journaled');
    process.exit(1);
  },
  defaultModelPath: findDefaultModel(args.get('default-model') ?? process.env['QUORUM_DEFAULT_MODEL'], import.meta.url),
  bundledDataDir: findBundledData(import.meta.url),
  mode: venue.mode === 'ib-live' ? 'live' : EngineModeSchema.parse(args.get('mode') ?? 'paper'),
  store,
  seed: settings.session.seed,
  barIntervalMs: settings.session.barIntervalMs,
  feed: feedSpec(venue, settings.session.delayedDataToAgents),
  ibMarket: buildIbMarket,
  restartedAfter: args.get('restarted-after'),
  roster: settings.agents,
  consensus: settings.consensus,
  optimizer: settings.optimizer,
  rebalanceEveryBars: settings.rebalanceEveryBars,
  tradedInstruments: settings.session.instruments,
  ...(news ? { news } : {}),
  log,
  version: args.get('version') ?? '0.0.0',
  ...(args.get('start-halted')
    ? {
        startHalted: {
          reason: args.get('start-halted')!,
          flatten: args.get('start-flatten') === 'true',
          haltId: args.get('halt-id') ?? 'unnamed',
        },
      }
    : {}),
});
// Counted from the start: the Health panel shows them, and `quorum serve --metrics-port` serves them.
const metrics = engineMetrics(kernel);
// One core stays with the engine's own thread (and the kill switch).
const signals = registerServices(kernel, {
  metrics: metricsReader(metrics),
  settings: loaded.value,
  backtestWorkers: Math.max(1, availableParallelism() - 1),
  // A venue switch rebuilds the session: the host starts a new engine at once.
  restartEngine: (reason) => {
    host.post({ t: 'restart', reason });
    shutdown(0);
  },
});
kernel.start();

let stopped = false;
const shutdown = (code: number) => {
  if (stopped) return;
  stopped = true;
  kernel.stop();
  store.close();
  log.info({ code }, 'engine stopped');
  process.exit(code);
};

let inferenceAttached = 0;
host.onMessage((msg, port) => {
  if (msg.t === 'ping') host.post({ t: 'pong', seq: msg.seq });
  else if (msg.t === 'shutdown') shutdown(0);
  else if (msg.t === 'halt') {
    const r = kernel.risk.engageKillSwitch(msg.reason, msg.flatten);
    host.post({ t: 'halted', requestId: msg.requestId, state: r.state, canceled: r.canceled, flattening: r.flattening.length });
  } else if (msg.t === 'broker-emergency') {
    kernel.recordBrokerEmergency(msg.report);
  } else if (msg.t === 'metrics') {
    const answer = (text: string | null) => host.post({ t: 'metrics', requestId: msg.requestId, text });
    metrics.metrics().then(answer, (err: Error) => answer(`# the engine's metrics failed: ${err.message}\n`));
  } else if (msg.t === 'audit') {
    void answerAuditRequest(store.journal, msg.request).then((a) => host.post({ t: 'audit', requestId: msg.requestId, ...a }));
  } else if (msg.t === 'process-failed') {
    kernel.raiseHostAlert(
      'critical',
      'PROCESS_GAVE_UP',
      `The host gave up on the ${msg.name} process: ${msg.reason}${msg.name === 'inference' ? ". The models' votes are missing until it is back" : ''}`,
    );
  } else if (msg.t === 'attach' && port) {
    if (msg.role === 'renderer') serveUiPort(kernel, port, signals);
    else if (msg.role === 'inference') {
      // A second inference port means its process was restarted: the models load again.
      if (inferenceAttached++)
        kernel.raiseHostAlert(
          'warning',
          'INFERENCE_RESTARTED',
          'The inference process restarted: the models are loaded again; their votes were missing meanwhile',
        );
      kernel.inference.attach(port);
    }
  }
});
host.onHostGone(() => shutdown(0));
// A storage fault raised outside a handler (a checkpoint on a full disk): one plain message, no restart loop.
process.on('uncaughtException', (err) => {
  if (isStorageFault(err)) return stopOnFault(describeStorageFault(err, store.file));
  log.fatal({ err }, 'engine crashed');
  process.exit(1);
});

/** Says why to the host (which then does not restart at once) and exits; the profile is left as it was. */
function stopOnFault(reason: string): never {
  log.error({ reason }, 'engine stopped on a fault');
  host.post({ t: 'fatal', reason });
  process.exit(EXIT_FAULT);
}
process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
host.post({
  t: 'ready',
  name: 'engine',
  pid: process.pid,
  startedHalted: kernel.startedHalted,
  broker: venue.mode === 'sim' ? null : { host: venue.host, port: venue.port, clientId: venue.clientId },
  versions: { SQLite: store.sqliteVersion(), 'order book': describeOrderBook() },
});
