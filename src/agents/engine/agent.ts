import type { SeededRandom } from '../../shared/math/seeded-random.ts';
import type { Logger } from '../../shared/logger.ts';
import { ENGINE_EVENT_TYPES, type EngineEvent, type EventOf } from '../../shared/messages/events.ts';
import type { EngineCommand } from '../../shared/messages/commands.ts';
import type { CancelTimer, Clock } from './clock.ts';
import type { MessageBus } from './message-bus.ts';

/** What an agent is given: the bus, time, its own random stream and a logger. */
export interface AgentContext {
  bus: MessageBus;
  clock: Clock;
  random: SeededRandom;
  log: Logger;
  /** Routes a command through the kernel (journaled, then delivered to its endpoint). */
  dispatch: (command: EngineCommand) => void;
}

export type AgentLifecycle = 'ready' | 'running' | 'stopped';

/** How long a repeat of the same alert from one agent is held back (see `raiseAlert`). */
export const ALERT_QUIET_MS = 60_000;

/** JSON-serialisable agent state, kept in SQLite as a checkpoint. */
export type AgentState = null | boolean | number | string | AgentState[] | { [key: string]: AgentState };

/**
 * Base class of every agent. Subclasses handle events by defining `on<EventType>` methods
 * (`onBarClosed`), act through `publish` and `dispatch`, and keep all memory in fields that
 * `onReset` clears and `saveState`/`loadState` round-trip. Nothing leaves a stopped agent.
 */
export abstract class Agent {
  readonly id: string;
  protected readonly ctx: AgentContext;
  private lifecycle: AgentLifecycle = 'ready';
  private subscriptions: (() => void)[] = [];
  private timers: CancelTimer[] = [];
  /** Messages an agent tried to send while not running (kept for the contract test and logs). */
  droppedWhileStopped = 0;

  private readonly initialRandom: number[];

  constructor(id: string, ctx: AgentContext) {
    this.id = id;
    this.ctx = ctx;
    this.initialRandom = ctx.random.getState();
  }

  get state(): AgentLifecycle {
    return this.lifecycle;
  }

  start(): void {
    if (this.lifecycle === 'running') throw new Error(`agent ${this.id} is already running`);
    for (const type of ENGINE_EVENT_TYPES) {
      const handler = (this as unknown as Record<string, unknown>)[`on${type}`];
      if (typeof handler === 'function') {
        this.subscriptions.push(this.ctx.bus.subscribe(type, (m) => handler.call(this, m)));
      }
    }
    this.lifecycle = 'running';
    this.onStart();
  }

  stop(): void {
    if (this.lifecycle !== 'running') return;
    for (const off of this.subscriptions) off();
    for (const cancel of this.timers) cancel();
    this.subscriptions = [];
    this.timers = [];
    this.onStop();
    this.lifecycle = 'stopped';
  }

  /** Wipes the agent's memory, its random stream included. Only a stopped (or never started) agent may be reset. */
  reset(): void {
    if (this.lifecycle === 'running') throw new Error(`stop agent ${this.id} before resetting it`);
    this.ctx.random.setState(this.initialRandom);
    this.onReset();
    this.lifecycle = 'ready';
  }

  saveState(): AgentState {
    return null;
  }

  loadState(_state: AgentState): void {}

  protected onStart(): void {}
  protected onStop(): void {}
  protected onReset(): void {}

  protected publish(event: EngineEvent): void {
    if (this.lifecycle !== 'running') {
      this.droppedWhileStopped++;
      return;
    }
    this.ctx.bus.publish(event.type, event);
  }

  /** When each kind of alert (code and instrument) was last raised, and how many were held back since. */
  private readonly alertsRaised = new Map<string, { at: number; held: number }>();

  /**
   * Publishes an alert for the trader, stamped now and from this agent. No storms: a warning or info
   * of the same code (and instrument) within `ALERT_QUIET_MS` of the last is held back and counted,
   * and the next one says how many were; a critical alert always goes out.
   */
  protected raiseAlert(alert: Pick<EventOf<'AlertRaised'>, 'severity' | 'code' | 'message' | 'detail'>): void {
    const now = this.ctx.clock.now();
    const key = `${alert.code}|${alert.detail?.['instrumentId'] ?? ''}`;
    const last = this.alertsRaised.get(key);
    if (alert.severity !== 'critical' && last && now - last.at < ALERT_QUIET_MS) {
      last.held++;
      return;
    }
    this.alertsRaised.set(key, { at: now, held: 0 });
    const held = last?.held ?? 0;
    const said = held
      ? {
          message: `${alert.message} (${held} more like it held back in the last ${ALERT_QUIET_MS / 1000} s)`,
          detail: { ...alert.detail, heldBack: held },
        }
      : {};
    this.publish({ type: 'AlertRaised', tsEvent: now, tsInit: now, source: this.id, ...alert, ...said });
  }

  protected dispatch(command: EngineCommand): void {
    if (this.lifecycle !== 'running') {
      this.droppedWhileStopped++;
      return;
    }
    this.ctx.dispatch(command);
  }

  /** A repeating timer on the agent's clock, cancelled when the agent stops. */
  protected every(intervalMs: number, fn: () => void): void {
    this.timers.push(this.ctx.clock.every(intervalMs, fn));
  }

  /** A one-off timer on the agent's clock, cancelled when the agent stops (a long one must not outlive it). */
  protected after(delayMs: number, fn: () => void): void {
    this.timers.push(this.ctx.clock.after(delayMs, fn));
  }
}
