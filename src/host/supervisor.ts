import { ChildToHostSchema, type ChildToHost } from '../shared/ipc/host-protocol.ts';
import type { ProcessState, ProcessStatus } from '../shared/ipc/host-status.ts';
import type { ChildHandle, ExitInfo, Launcher } from './launcher.ts';

type ReadyMessage = Extract<ChildToHost, { t: 'ready' }>;

export interface SupervisorOptions {
  heartbeatIntervalMs: number;
  /** No pong for this long and the child is declared unresponsive, killed and restarted. */
  heartbeatTimeoutMs: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** More than this many restarts within `restartWindowMs` and the supervisor gives up. */
  maxRestarts: number;
  restartWindowMs: number;
  /** After giving up, the supervisor tries once more after this long (a full disk freed, a file restored). */
  retryAfterFailureMs: number;
}

export const DEFAULT_SUPERVISOR_OPTIONS: SupervisorOptions = {
  heartbeatIntervalMs: 500,
  heartbeatTimeoutMs: 3_000,
  initialBackoffMs: 250,
  maxBackoffMs: 10_000,
  maxRestarts: 5,
  restartWindowMs: 60_000,
  retryAfterFailureMs: 60_000,
};

/**
 * Keeps one child process alive (DESIGN.md §1): heartbeats, restart with exponential backoff, a cap
 * on restarts per window, and a status event on every change. Shared by Electron main and the CLI.
 */
export class Supervisor {
  private readonly launcher: Launcher;
  private readonly options: SupervisorOptions;
  private child: ChildHandle | null = null;
  private state: ProcessState = 'stopped';
  private generation = 0;
  private restartTimes: number[] = [];
  private lastPongAt: number | null = null;
  private spawnedAt = 0;
  private since = Date.now();
  private lastExit: string | null = null;
  private pingSeq = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private stopping = false;
  private retryAt: number | null = null;
  private fatalReason: string | null = null;
  /** The child asked to be restarted (and exits by itself): not a crash, not counted, no backoff. */
  private restartReason: string | null = null;
  private readonly statusListeners: ((s: ProcessStatus) => void)[] = [];
  private readonly readyListeners: ((child: ChildHandle, generation: number, ready: ReadyMessage) => void)[] = [];
  private readonly messageListeners: ((m: ChildToHost, child: ChildHandle) => void)[] = [];
  private readonly exitListeners: ((generation: number) => void)[] = [];

  constructor(launcher: Launcher, options: Partial<SupervisorOptions> = {}) {
    this.launcher = launcher;
    this.options = { ...DEFAULT_SUPERVISOR_OPTIONS, ...options };
  }

  get name(): string {
    return this.launcher.name;
  }

  get current(): ChildHandle | null {
    return this.child;
  }

  /** When a supervisor that gave up tries again (null unless failed). */
  get nextAttemptAt(): number | null {
    return this.state === 'failed' ? this.retryAt : null;
  }

  status(): ProcessStatus {
    const now = Date.now();
    const heartbeatAgeMs = this.child && this.lastPongAt !== null ? now - this.lastPongAt : null;
    return {
      name: this.name,
      state: this.state,
      pid: this.child?.pid ?? null,
      generation: this.generation,
      restarts: Math.max(0, this.generation - 1),
      heartbeatAgeMs,
      lastExit: this.lastExit,
      since: this.since,
    };
  }

  /** Launch arguments that tell a restarted child why the one before it ended (none on the first start). */
  restartArgs(): string[] {
    return this.generation > 0 && this.lastExit ? ['--restarted-after', this.lastExit] : [];
  }

  onStatus(listener: (s: ProcessStatus) => void): void {
    this.statusListeners.push(listener);
  }

  /** Called each time a launched child says it is ready: the moment to attach its ports. */
  onReady(listener: (child: ChildHandle, generation: number, ready: ReadyMessage) => void): void {
    this.readyListeners.push(listener);
  }

  /** Every message but heartbeats and `ready`, e.g. relayed port frames. */
  onMessage(listener: (m: ChildToHost, child: ChildHandle) => void): void {
    this.messageListeners.push(listener);
  }

  onExit(listener: (generation: number) => void): void {
    this.exitListeners.push(listener);
  }

  start(): void {
    if (this.child || this.state === 'failed') return;
    this.stopping = false;
    this.spawn();
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatIntervalMs);
  }

  /** Asks the child to shut down, then kills it if it has not exited within `graceMs`. */
  async stop(graceMs = 3_000): Promise<void> {
    this.stopping = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.heartbeat = this.restartTimer = null;
    const child = this.child;
    if (!child) return this.setState('stopped');
    const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
    child.send({ t: 'shutdown' });
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /**
   * Starts a child now even though the supervisor gave up (the kill switch needs an engine to confirm
   * HALTED, and one started with a pending halt cannot trade). Counts as a fresh restart window.
   */
  restartNow(): void {
    if (this.state !== 'failed' || this.stopping) return;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.retryAt = null;
    this.restartTimes = [];
    this.spawn();
    this.heartbeat ??= setInterval(() => this.beat(), this.options.heartbeatIntervalMs);
  }

  /** Kills the current child at once; the supervisor restarts it as after any crash. */
  kill(): void {
    this.child?.kill('SIGKILL');
  }

  private spawn(): void {
    const child = this.launcher.launch();
    this.child = child;
    this.generation++;
    this.spawnedAt = Date.now();
    this.lastPongAt = null;
    this.setState('starting');
    child.onMessage((raw) => this.receive(child, raw));
    child.onExit((info) => this.exited(child, info));
  }

  private receive(child: ChildHandle, raw: unknown): void {
    if (child !== this.child) return;
    const parsed = ChildToHostSchema.safeParse(raw);
    if (!parsed.success) return;
    const m = parsed.data;
    if (m.t === 'pong') {
      this.lastPongAt = Date.now();
      if (this.state === 'unresponsive') this.setState('running');
    } else if (m.t === 'fatal') {
      this.fatalReason = m.reason;
    } else if (m.t === 'restart') {
      this.restartReason = m.reason;
    } else if (m.t === 'ready') {
      this.lastPongAt = Date.now();
      this.setState('running');
      for (const l of this.readyListeners) l(child, this.generation, m);
    } else {
      for (const l of this.messageListeners) l(m, child);
    }
  }

  private beat(): void {
    const child = this.child;
    if (!child) return;
    const silentFor = Date.now() - (this.lastPongAt ?? this.spawnedAt);
    if (silentFor > this.options.heartbeatTimeoutMs && this.state !== 'unresponsive') {
      this.lastExit = `no heartbeat for ${silentFor} ms; killed`;
      this.setState('unresponsive');
      child.kill('SIGKILL');
      return;
    }
    child.send({ t: 'ping', seq: ++this.pingSeq });
    this.emitStatus();
  }

  private exited(child: ChildHandle, info: ExitInfo): void {
    if (child !== this.child) return;
    this.child = null;
    const generation = this.generation;
    if (this.state !== 'unresponsive' || !this.lastExit) this.lastExit = describeExit(info);
    for (const l of this.exitListeners) l(generation);
    if (this.stopping) return this.setState('stopped');
    const now = Date.now();
    this.restartTimes = this.restartTimes.filter((t) => now - t < this.options.restartWindowMs);
    const fatal = this.fatalReason;
    this.fatalReason = null;
    const asked = this.restartReason;
    this.restartReason = null;
    if (asked && !fatal) {
      this.lastExit = `restarted on request: ${asked}`;
      this.setState('restarting');
      return this.spawn();
    }
    if (fatal || this.restartTimes.length >= this.options.maxRestarts) {
      const retryS = Math.round(this.options.retryAfterFailureMs / 1000);
      this.lastExit = fatal
        ? `${fatal} (trying again in ${retryS} s)`
        : `${this.lastExit}; gave up after ${this.restartTimes.length} restarts in ${this.options.restartWindowMs / 1000} s, trying again in ${retryS} s`;
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.heartbeat = null;
      this.retryAt = now + this.options.retryAfterFailureMs;
      this.restartTimer = setTimeout(() => this.restartNow(), this.options.retryAfterFailureMs);
      return this.setState('failed');
    }
    this.restartTimes.push(now);
    const backoff = Math.min(this.options.maxBackoffMs, this.options.initialBackoffMs * 2 ** (this.restartTimes.length - 1));
    this.setState('restarting');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopping) this.spawn();
    }, backoff);
  }

  private setState(state: ProcessState): void {
    if (state !== this.state) this.since = Date.now();
    this.state = state;
    this.emitStatus();
  }

  private emitStatus(): void {
    const s = this.status();
    for (const l of this.statusListeners) l(s);
  }
}

function describeExit(info: ExitInfo): string {
  if (info.signal) return `killed by ${info.signal}`;
  return info.code === 0 ? 'exited normally' : `exited with code ${info.code}`;
}
