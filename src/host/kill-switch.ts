import type { ChildToHost } from '../shared/ipc/host-protocol.ts';
import type { KillOutcome } from '../shared/ipc/kill-outcome.ts';
import { clearHaltRequest, readHaltRequest, requestHalt, writeHaltRequest, type HaltRequest } from './halt-request-file.ts';
import type { Supervisor } from './supervisor.ts';
import type { BrokerEmergencyReport, BrokerEndpoint } from '../shared/ipc/host-protocol.ts';
import { cancelEverythingAtIb } from './emergency/ib-emergency.ts';
import { ChildRequests } from './child-requests.ts';

export type { KillOutcome } from '../shared/ipc/kill-outcome.ts';

type Halted = Extract<ChildToHost, { t: 'halted' }>;
type Confirmation = { state: string; canceled: number; flattening: number };

export interface HostKillSwitchOptions {
  /** The profile's folder, where an unconfirmed halt is kept (halt-request-file.ts). */
  dataDir: string;
  /** How long a running engine has to answer before it is killed. */
  deadlineMs?: number;
  /** How long to wait for a starting or restarted engine to confirm the halt. */
  confirmWithinMs?: number;
  /**
   * The kill switch at the broker when the engine cannot be asked: cancels (and flattens) there on
   * the host's own connection. Default: IB's global cancel and flatten (host/emergency).
   */
  atBroker?: (engineEndpoint: BrokerEndpoint, flatten: boolean) => Promise<BrokerEmergencyReport>;
}

/** The host's own IB connection: the engine's client id + 2 (+1 is `quorum serve`'s pre-switch check). */
const goToIb = (e: BrokerEndpoint, flatten: boolean) => cancelEverythingAtIb({ ...e, clientId: e.clientId + 2 }, { flatten });

/**
 * The host's half of the kill switch (DESIGN.md §1, §3): it does not depend on the engine being
 * healthy. Each halt is first written to the profile (so it holds whatever the engine's state), then
 * sent over the host's own channel. Without an answer within the deadline the engine is killed; every
 * engine launched while a halt is unconfirmed starts HALTED (flattening if asked), and an engine that
 * was already starting is sent the halt the moment it is ready. The outcome says only what an engine
 * confirmed.
 */
export class HostKillSwitch {
  private readonly engine: Supervisor;
  private readonly options: Required<HostKillSwitchOptions>;
  private pending: HaltRequest | null;
  private readonly halts = new ChildRequests<Halted>();
  private confirmations: ((c: Confirmation) => void)[] = [];
  /** Where the last engine said it trades at a broker (null: the simulated venue). */
  private broker: BrokerEndpoint | null = null;
  /** What the host did at the broker, until an engine has been told (it journals it). */
  private untold: BrokerEmergencyReport | null = null;

  constructor(engine: Supervisor, options: HostKillSwitchOptions) {
    this.engine = engine;
    this.options = { deadlineMs: 1_000, confirmWithinMs: 20_000, atBroker: goToIb, ...options };
    this.pending = readHaltRequest(options.dataDir);
    engine.onMessage((m) => {
      if (m.t === 'halted') this.halts.answer(m);
    });
    engine.onReady((_, __, ready) => {
      this.broker = ready.broker ?? null;
      this.tellBrokerReport();
      void this.confirmOnReady(ready.startedHalted ?? null);
    });
  }

  /** Extra launch arguments for the next engine: an unconfirmed halt makes it start HALTED. */
  launchArgs(): string[] {
    const p = this.pending;
    return p ? ['--start-halted', p.reason, '--halt-id', p.id, ...(p.flatten ? ['--start-flatten', 'true'] : [])] : [];
  }

  /** The unconfirmed halt, if any (shown by status views; kept across host restarts). */
  get unconfirmed(): HaltRequest | null {
    return this.pending;
  }

  async engage(reason: string, flatten: boolean): Promise<KillOutcome> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    const request = requestHalt(this.options.dataDir, reason, flatten);
    this.pending = request;

    const status = this.engine.status().state;
    if (status === 'running' && this.engine.current) {
      const reply = await this.ask(request);
      if (reply) {
        this.settle(request, reply);
        return { outcome: 'acknowledged', confirmed: true, ...confirmed(reply), elapsedMs: elapsed() };
      }
      const killed = {
        ...request,
        reason: `${reason} (the engine did not answer the kill switch within ${this.options.deadlineMs} ms and was killed)`,
      };
      return this.awaitNextEngine('engine-killed', killed, elapsed, () => this.engine.kill());
    }
    if (status === 'stopped') return { outcome: 'engine-down', confirmed: false, ...confirmed(null), elapsedMs: elapsed() };
    // Starting, restarting or being killed as unresponsive: the next engine to be ready confirms it.
    // One the supervisor gave up on is started now: it starts HALTED, so it cannot trade.
    return this.awaitNextEngine('engine-starting', request, elapsed, () => {
      if (status === 'failed') this.engine.restartNow();
    });
  }

  /**
   * The halt goes to the next engine (`launch` makes sure one comes), kept in the profile first.
   * Where the engine trades at a broker, the host cancels (and flattens) there itself meanwhile, and
   * the next engine must not flatten again from its journal: the halt it gets keeps no flatten.
   */
  private async awaitNextEngine(
    outcome: 'engine-killed' | 'engine-starting',
    halt: HaltRequest,
    elapsed: () => number,
    launch: () => void,
  ): Promise<KillOutcome> {
    const broker = this.broker;
    const next =
      broker && halt.flatten ? { ...halt, flatten: false, reason: `${halt.reason}; the host flattened at the broker itself` } : halt;
    if (next !== this.pending) writeHaltRequest(this.options.dataDir, next);
    this.pending = next;
    const waiting = this.nextConfirmation();
    launch();
    const atBroker = broker && this.goToBroker(broker, halt.flatten);
    const after = await waiting;
    const report = atBroker ? await atBroker : null;
    return { outcome, confirmed: after !== null, ...confirmed(after), elapsedMs: elapsed(), ...brokerSummary(report) };
  }

  private async goToBroker(broker: BrokerEndpoint, flatten: boolean): Promise<BrokerEmergencyReport> {
    const report = await this.options.atBroker(broker, flatten);
    this.untold = report;
    this.tellBrokerReport();
    return report;
  }

  /** The engine journals what the host did at the broker: told to the running engine, or the next one. */
  private tellBrokerReport(): void {
    if (!this.untold || this.engine.status().state !== 'running' || !this.engine.current) return;
    this.engine.current.send({ t: 'broker-emergency', report: this.untold });
    this.untold = null;
  }

  /** Sends the halt over the channel; the answer, or null after the deadline. */
  private ask(request: HaltRequest): Promise<Halted | null> {
    const child = this.engine.current;
    if (!child) return Promise.resolve(null);
    return this.halts.ask(
      child,
      (requestId) => ({ t: 'halt', requestId, reason: request.reason, flatten: request.flatten }),
      this.options.deadlineMs,
    );
  }

  private nextConfirmation(): Promise<Confirmation | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.confirmations = this.confirmations.filter((c) => c !== done);
        resolve(null);
      }, this.options.confirmWithinMs);
      const done = (c: Confirmation) => {
        clearTimeout(timer);
        resolve(c);
      };
      this.confirmations.push(done);
    });
  }

  /**
   * A new engine is ready. If it applied the pending halt at start and says HALTED, that is the
   * confirmation; an engine launched before the halt was asked for (it was starting) gets it now.
   */
  private async confirmOnReady(startedHalted: (Confirmation & { haltId: string }) | null): Promise<void> {
    const request = this.pending;
    if (!request) return;
    if (startedHalted?.haltId === request.id) return this.settle(request, startedHalted);
    const reply = await this.ask(request);
    // No answer: the supervisor's heartbeat deals with a hung engine; its successor starts HALTED.
    if (reply && this.pending?.id === request.id) this.settle(request, reply);
  }

  private settle(request: HaltRequest, reply: Confirmation): void {
    if (reply.state !== 'HALTED') return;
    if (this.pending?.id === request.id) {
      this.pending = null;
      clearHaltRequest(this.options.dataDir, request.id);
    }
    const waiting = this.confirmations;
    this.confirmations = [];
    for (const c of waiting) c(reply);
  }
}

function brokerSummary(r: BrokerEmergencyReport | null): Pick<KillOutcome, 'broker'> {
  return r
    ? { broker: { globalCancelSent: r.globalCancelSent, flattening: r.flattening.length, openAfter: r.openAfter, error: r.error } }
    : {};
}

function confirmed(c: Confirmation | null): Pick<KillOutcome, 'state' | 'canceled' | 'flattening'> {
  return c ? { state: c.state, canceled: c.canceled, flattening: c.flattening } : { state: 'unknown', canceled: 0, flattening: 0 };
}
