import { createEngineClient } from '../../shared/contracts/engine-client.ts';
import { HostStatusSchema, type HostStatus } from '../../shared/ipc/host-status.ts';
import { CliError } from '../cli-error.ts';
import { parseOptions, resolveDataDir } from '../cli-options.ts';
import { askServer, serverCall } from '../serve/ask-server.ts';
import { readRuntime, type ServeRuntime } from '../serve/runtime-file.ts';

/** How the host's processes are: it says so as soon as a client connects. */
function hostStatus(runtime: ServeRuntime): Promise<HostStatus> {
  return askServer<HostStatus>(
    runtime,
    { t: 'req', id: 1, method: 'system.info', params: {} },
    (m) => {
      const reply = m as { t?: string; status?: unknown };
      const parsed = HostStatusSchema.safeParse(reply.t === 'host' ? reply.status : null);
      return parsed.success ? parsed.data : undefined;
    },
    10_000,
  );
}

/** Everything `quorum status` reports, as `--json` prints it. */
async function gather(runtime: ServeRuntime, host: HostStatus) {
  const api = createEngineClient(serverCall(runtime, 10_000));
  const [info, trading, health, portfolio, open, instruments] = await Promise.all([
    api.system.info({}),
    api.trading.getState({}),
    api.system.health({}),
    api.portfolio.snapshot({}),
    api.orders.open({}),
    api.market.instruments({}),
  ]);
  const now = Date.now();
  const lastBars = await Promise.all(
    instruments.map(async (i) => {
      const bar = (await api.market.bars({ instrumentId: i.id, limit: 1 })).at(-1);
      // A bar is stamped with its start; its age is from its close.
      return { instrumentId: i.id, closedAt: bar ? bar.ts + bar.intervalMs : null, ageMs: bar ? now - (bar.ts + bar.intervalMs) : null };
    }),
  );
  return {
    server: { pid: runtime.pid, port: runtime.port },
    mode: info.mode,
    venueMode: info.venueMode,
    venue: info.venue,
    feed: info.feed,
    sessionId: info.sessionId,
    broker: health.broker,
    trading,
    processes: host.processes,
    positions: portfolio.positions.filter((p) => p.quantity !== 0),
    openOrders: open,
    dailyPnl: portfolio.dailyPnl,
    equity: portfolio.equity,
    lastBars,
    journalSeq: health.journalSeq,
  };
}

type Status = Awaited<ReturnType<typeof gather>>;

const money = (x: number) =>
  `${x >= 0 ? '+' : '−'}${Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const age = (ms: number | null) =>
  ms === null ? 'no bar yet' : ms < 120_000 ? `${Math.round(ms / 1000)} s ago` : `${Math.round(ms / 60_000)} min ago`;

const describeProcesses = (h: Pick<HostStatus, 'processes'>) =>
  h.processes
    .map((p) => `${p.name} ${p.state}${p.pid ? ` (pid ${p.pid})` : ''}, ${p.restarts} restart${p.restarts === 1 ? '' : 's'}`)
    .join('; ');

function describe(s: Status, dataDir: string): string {
  const lines = [
    `Quorum on ${dataDir} (quorum serve pid ${s.server.pid}, port ${s.server.port})`,
    `mode       ${s.mode} · ${s.venueMode.toUpperCase()} · ${s.venue} · ${s.feed}`,
    `trading    ${s.trading.state} — ${s.trading.reason}`,
    `processes  ${describeProcesses(s)}`,
  ];
  if (s.broker)
    lines.push(
      `broker     IB ${s.broker.state} — ${s.broker.detail}${s.broker.marketDataHalted ? `; no market data: ${s.broker.marketDataHalted}` : ''}`,
    );
  lines.push(
    `positions  ${s.positions.length ? s.positions.map((p) => `${p.instrumentId} ${p.quantity > 0 ? '+' : ''}${p.quantity} @ ${p.averagePrice.toFixed(2)}`).join(', ') : 'none'}`,
    `orders     ${s.openOrders.length} open${s.openOrders.length ? `: ${s.openOrders.map((o) => `${o.side} ${o.quantity - o.filledQuantity} ${o.instrumentId} ${o.type}`).join(', ')}` : ''}`,
    `day's P&L  ${money(s.dailyPnl)} (equity ${money(s.equity).replace('+', '')})`,
    `last bar   ${s.lastBars.map((b) => `${b.instrumentId} ${age(b.ageMs)}`).join(', ') || 'no instrument'}`,
    `journal    head at seq ${s.journalSeq}`,
  );
  return lines.join('\n');
}

/**
 * `quorum status [--data DIR] [--json]`: the running profile at a glance, asked of its `quorum
 * serve` over the UI's own wire: mode and venue, the broker connection, the trading state, the
 * processes and their restarts, positions, open orders, the day's P&L, each instrument's last bar
 * and the journal head. Exit 0 when the engine answered; 1 when no server runs there, or its engine
 * does not answer (then the host's processes are still shown).
 */
export async function runStatus(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { data: { type: 'string' }, json: { type: 'boolean' } });
  const dataDir = resolveDataDir(values.data);
  const runtime = readRuntime(dataDir);
  if (!runtime) {
    if (values.json) console.log(JSON.stringify({ running: false, dataDir }));
    else console.log(`no quorum serve runs on ${dataDir}: nothing to report (start one with quorum serve --data ${dataDir})`);
    return 1;
  }
  let host: HostStatus;
  try {
    host = await hostStatus(runtime);
  } catch (err) {
    throw new CliError(`quorum serve (pid ${runtime.pid}) did not answer: ${(err as Error).message}`, 1);
  }
  let status: Status;
  try {
    status = await gather(runtime, host);
  } catch (err) {
    // The server answers but its engine does not (restarting, or given up on): say what the host knows.
    const why = (err as Error).message;
    if (values.json) console.log(JSON.stringify({ running: true, dataDir, engineError: why, processes: host.processes }, null, 2));
    else console.log(`the engine of quorum serve (pid ${runtime.pid}) did not answer: ${why}\nprocesses  ${describeProcesses(host)}`);
    return 1;
  }
  console.log(values.json ? JSON.stringify({ running: true, dataDir, ...status }, null, 2) : describe(status, dataDir));
  return 0;
}
