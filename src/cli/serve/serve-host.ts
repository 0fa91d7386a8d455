import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { socketPath } from '../../agents/engine/entry/socket-port.ts';
import { forkLauncher } from '../../host/fork-launcher.ts';
import { feedHostStatus } from '../../host/host-status-feed.ts';
import { RelayHub, type RelayEnd } from '../../host/relay-hub.ts';
import { HostKillSwitch } from '../../host/kill-switch.ts';
import { Supervisor, type SupervisorOptions } from '../../host/supervisor.ts';
import type { HostStatus } from '../../shared/ipc/host-status.ts';
import type { ChildToHost } from '../../shared/ipc/host-protocol.ts';
import { ChildRequests } from '../../host/child-requests.ts';
import { reportGiveUps } from '../../host/give-up-report.ts';

export interface ServeHostOptions {
  dataDir: string;
  /** `--set PATH=VALUE` settings over the profile's file and the environment (the engine resolves them, checked already). */
  settings?: readonly string[];
  version: string;
  feed?: 'simulator' | 'random-walk';
  /** A bars CSV to replay instead of the simulator, and its speed (× the data's own time). */
  replay?: { file: string; speed: number };
  /** A headlines file for the news analyst (checked already). */
  news?: string;
  supervisor?: Partial<SupervisorOptions>;
  /** Entry files of the two processes; the TypeScript sources unless told otherwise (tests run the built ones). */
  entries?: { engine: string; inference: string };
}

/** A renderer connected over WebSocket, as the host sees it. */
export interface UiClient {
  send(message: unknown): void;
  close(): void;
}

const ENGINE_ENTRY = fileURLToPath(new URL('../../agents/engine/entry/engine.ts', import.meta.url));
const INFERENCE_ENTRY = fileURLToPath(new URL('../../agents/inference/inference-entry.ts', import.meta.url));

/**
 * The headless host (DESIGN.md §1): engine and inference as supervised child processes linked by a
 * local socket, renderers attached over WebSocket (their ports relayed through this process). When
 * the engine restarts, every renderer gets a fresh port to the new engine and a host status naming
 * the new generation.
 */
export class ServeHost {
  readonly engine: Supervisor;
  readonly inference: Supervisor;
  readonly killSwitch: HostKillSwitch;
  private readonly hub = new RelayHub();
  private readonly clients = new Map<string, UiClient>();
  private nextClient = 1;
  private linked = '';
  private sockets: string | null = null;
  private readonly snapshot: () => HostStatus;
  private readonly metricsRequests = new ChildRequests<Extract<ChildToHost, { t: 'metrics' }>>();

  constructor(options: ServeHostOptions) {
    const engineArgs = [
      '--data',
      options.dataDir,
      ...(options.settings?.length ? ['--settings-flags', JSON.stringify(options.settings)] : []),
      '--version',
      options.version,
      '--feed',
      options.feed ?? 'simulator',
      ...(options.replay ? ['--replay', options.replay.file, '--replay-speed', String(options.replay.speed)] : []),
      ...(options.news ? ['--news', options.news] : []),
    ];
    const entries = options.entries ?? { engine: ENGINE_ENTRY, inference: INFERENCE_ENTRY };
    this.engine = new Supervisor(
      forkLauncher({
        name: 'engine',
        modulePath: entries.engine,
        args: () => [...engineArgs, ...this.killSwitch.launchArgs(), ...this.engine.restartArgs()],
      }),
      options.supervisor,
    );
    this.killSwitch = new HostKillSwitch(this.engine, { dataDir: options.dataDir });
    this.inference = new Supervisor(forkLauncher({ name: 'inference', modulePath: entries.inference, args: [] }), options.supervisor);
    for (const s of [this.engine, this.inference]) {
      s.onMessage((frame) => this.hub.route(s.name, frame));
      s.onExit(() => this.hub.unlinkProcess(s.name));
    }
    this.engine.onMessage((m) => {
      if (m.t === 'metrics') this.metricsRequests.answer(m);
    });
    this.engine.onReady((_, generation) => {
      this.linkEngineToInference();
      for (const [id, client] of this.clients) this.attachClient(id, client, generation);
    });
    this.inference.onReady(() => this.linkEngineToInference());
    reportGiveUps(this.inference, this.engine);
    this.snapshot = feedHostStatus('serve', [this.engine, this.inference], (status) => this.broadcast({ t: 'host', status }));
  }

  /** The engine's metrics in Prometheus text, or null when it does not answer within `timeoutMs` (down, restarting, hung). */
  async engineMetrics(timeoutMs = 1_000): Promise<string | null> {
    const child = this.engine.current;
    if (!child || this.engine.status().state !== 'running') return null;
    return (await this.metricsRequests.ask(child, (requestId) => ({ t: 'metrics', requestId }), timeoutMs))?.text ?? null;
  }

  start(): void {
    this.engine.start();
    this.inference.start();
  }

  async stop(): Promise<void> {
    for (const c of this.clients.values()) c.close();
    await Promise.all([this.engine.stop(), this.inference.stop()]);
    if (this.sockets) rmSync(this.sockets, { recursive: true, force: true });
  }

  status(): HostStatus {
    return this.snapshot();
  }

  /** Registers a renderer; returns what to call with each message it sends, and on disconnect. */
  connect(client: UiClient): { receive(data: unknown): void; disconnect(): void } {
    const id = `ui-${this.nextClient++}`;
    this.clients.set(id, client);
    client.send({ t: 'host', status: this.snapshot() });
    if (this.engine.status().state === 'running') this.attachClient(id, client, this.engine.status().generation);
    return {
      receive: (data) => {
        const kill = data as { t?: unknown; id?: unknown; flatten?: unknown; reason?: unknown };
        if (kill.t === 'kill') {
          const reason = typeof kill.reason === 'string' && kill.reason ? kill.reason : 'kill switch pressed by the trader';
          void this.killSwitch.engage(reason, kill.flatten === true).then((r) => client.send({ t: 'kill-result', id: kill.id, ...r }));
          return;
        }
        const end = this.currentEngineEnd(id);
        if (end) return end.deliver(data);
        const request = data as { t?: unknown; id?: unknown };
        if (request.t === 'req' && typeof request.id === 'number') {
          client.send({
            t: 'res',
            id: request.id,
            ok: false,
            error: { code: 'unavailable', message: this.engineUnavailable() },
          });
        }
      },
      disconnect: () => {
        this.clients.delete(id);
        this.hub.unlink(`engine:${this.portIdFor(id)}`);
      },
    };
  }

  /** Why a request cannot reach the engine, as the supervisor knows it. */
  private engineUnavailable(): string {
    const s = this.engine.status();
    if (s.state === 'failed') return `the engine is stopped: ${s.lastExit ?? 'it kept failing'}`;
    return `the engine is ${s.state === 'unresponsive' ? 'not answering' : 'not running'}; the host is restarting it`;
  }

  private attachClient(id: string, client: UiClient, generation: number): void {
    const portId = this.portIdFor(id, generation);
    const clientEnd: RelayEnd = { deliver: (data) => client.send(data), detach: () => {} };
    this.hub.link(`engine:${portId}`, this.hub.childEnd(this.engine, portId), null, clientEnd);
    this.engine.current?.send({ t: 'attach', role: 'renderer', portId, relayed: true });
  }

  private currentEngineEnd(clientId: string): RelayEnd | null {
    return this.engine.current && this.engine.status().state === 'running'
      ? this.hub.childEnd(this.engine, this.portIdFor(clientId))
      : null;
  }

  private portIdFor(clientId: string, generation = this.engine.status().generation): string {
    return `${clientId}-g${generation}`;
  }

  private linkEngineToInference(): void {
    if (this.engine.status().state !== 'running' || this.inference.status().state !== 'running') return;
    const portId = `inference-g${this.engine.status().generation}-${this.inference.status().generation}`;
    if (this.linked === portId) return;
    this.linked = portId;
    // A direct local socket: predictions cross one hop instead of two relayed through this process.
    const path = socketPath(this.socketDir(), portId);
    this.inference.current?.send({ t: 'attach', role: 'engine', portId, relayed: false, socket: { path, listen: true } });
    this.engine.current?.send({ t: 'attach', role: 'inference', portId, relayed: false, socket: { path, listen: false } });
  }

  /** A directory only this user may enter (mkdtemp makes it 0700), for the children's sockets. */
  private socketDir(): string {
    return (this.sockets ??= mkdtempSync(join(tmpdir(), 'quorum-serve-')));
  }

  private broadcast(message: unknown): void {
    for (const c of this.clients.values()) c.send(message);
  }
}
