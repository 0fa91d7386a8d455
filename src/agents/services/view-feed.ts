import { createEngineClient, type EngineClient } from '../../shared/contracts/engine-client.ts';
import { VIEW_SPECS, type ViewName, type ViewUpdate } from '../../shared/contracts/views.ts';
import { MARKET_DATA_EVENTS, type EngineEvent } from '../../shared/messages/events.ts';
import type { CancelTimer, Clock } from '../engine/clock.ts';
import type { ServiceRegistry } from '../../shared/contracts/rpc-server.ts';

/** Which views an event changes (every journaled event also grows the journal view). */
function viewsChangedBy(event: EngineEvent): ViewName[] {
  switch (event.type) {
    case 'BarClosed':
      // A bar's close is the market time the news panel shows headlines up to; drift is measured on recorded bars.
      return ['risk', 'news', 'drift'];
    case 'QuoteUpdated':
    case 'RegimeEstimated':
      return [];
    case 'SignalEmitted':
      // The model analyst's votes move its counts and hit rate in the models view.
      return ['models'];
    case 'TradePrinted':
      return event.ours ? ['orders', 'risk'] : [];
    case 'TradingStateChanged':
      return ['trading', 'risk'];
    case 'DecisionMade':
    case 'TargetsSet':
      return ['consensus'];
    case 'AgentsTradingChanged':
      return ['consensus', 'memory'];
    case 'ModelRegistered':
    case 'ModelStatusChanged':
      return ['models', 'consensus', 'drift'];
    case 'AgentMemoryChanged':
      return ['memory'];
    case 'AlertRaised':
    case 'AlertAcknowledged':
    case 'RiskLimitsChanged':
      return ['risk'];
    case 'FillCorrected':
      return ['orders', 'risk', 'costs'];
    default:
      return event.type.startsWith('Order') || event.type.startsWith('Algo') ? ['orders', 'risk', 'costs'] : [];
  }
}

/**
 * How often the views that depend on the inference process (its round trip, the models it has
 * loaded), which sends no events, are read again for the UI.
 */
const INFERENCE_EVERY_MS = 2_000;

export interface ViewFeedDeps {
  services: Pick<ServiceRegistry, 'local' | 'has'>;
  clock: Clock;
  /** The instruments whose depth the ladder may show. */
  instruments: () => readonly string[];
  post: (update: ViewUpdate) => void;
}

/**
 * Pushes views (contracts/views.ts) to one UI port: every view when the port opens, then each view
 * again when an event changed it, at most once per its `minIntervalMs`, and only when its content
 * differs from what the port last got. A view that cannot be read is sent as an error, not dropped.
 */
export class ViewFeed {
  private readonly client: EngineClient;
  /** Views waiting to be read, by `view` or `depth:<instrument>`. */
  private readonly dirty = new Map<string, { view: ViewName; key?: string }>();
  /** Per view: when it was last read and what was last sent. */
  private readonly sent = new Map<string, { at: number; json: string }>();
  /** Views being read now: a slow one (the models view waits on the inference process) holds up no other. */
  private readonly reading = new Set<string>();
  private timer: CancelTimer | null = null;
  /** When the timer fires. */
  private timerDue = Infinity;
  private stopped = false;
  private readonly stopInference: CancelTimer;

  private readonly deps: ViewFeedDeps;

  constructor(deps: ViewFeedDeps) {
    this.deps = deps;
    this.client = createEngineClient(deps.services.local);
    for (const view of Object.keys(VIEW_SPECS) as ViewName[]) this.mark(view);
    this.stopInference = deps.clock.every(INFERENCE_EVERY_MS, () => {
      this.mark('health');
      this.mark('models');
      this.mark('metrics');
    });
  }

  onEvent(event: EngineEvent): void {
    for (const view of viewsChangedBy(event)) this.mark(view);
    if (!MARKET_DATA_EVENTS.has(event.type)) this.mark('journal');
    if (event.type === 'QuoteUpdated') this.mark('depth', event.quote.instrumentId);
    else if (event.type === 'DepthUpdated') this.mark('depth', event.instrumentId);
    // Our orders sit on the ladder: any order event may change any instrument's `ours` column.
    else if (event.type.startsWith('Order') || (event.type === 'TradePrinted' && event.ours)) this.mark('depth');
  }

  /** A view changed for a reason that is not an engine event (a backtest's progress). */
  mark(view: ViewName, key?: string): void {
    if (this.stopped) return;
    if (view === 'depth' && key === undefined) {
      for (const id of this.deps.instruments()) this.mark('depth', id);
      return;
    }
    this.dirty.set(key === undefined ? view : `${view}:${key}`, key === undefined ? { view } : { view, key });
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.();
    this.stopInference();
  }

  /**
   * Sets the one timer for the earliest view due. A view marked after the timer was set may be due
   * sooner (the risk view's second while the drift view waits out its ten): then the timer is set again.
   */
  private schedule(): void {
    if (this.stopped) return;
    const now = this.deps.clock.now();
    let wait = Infinity;
    for (const [id, { view }] of this.dirty) if (!this.reading.has(id)) wait = Math.min(wait, this.dueIn(id, view, now));
    if (wait === Infinity) return;
    const due = now + Math.max(0, wait);
    if (this.timer && this.timerDue <= due) return;
    this.timer?.();
    this.timerDue = due;
    this.timer = this.deps.clock.after(Math.max(0, wait), () => {
      this.timer = null;
      this.flush();
    });
  }

  private dueIn(id: string, view: ViewName, now: number): number {
    const last = this.sent.get(id);
    return last ? last.at + VIEW_SPECS[view].minIntervalMs - now : 0;
  }

  private flush(): void {
    const now = this.deps.clock.now();
    for (const [id, { view, key }] of [...this.dirty]) {
      if (this.reading.has(id) || this.dueIn(id, view, now) > 0) continue;
      this.dirty.delete(id);
      this.reading.add(id);
      void this.push(id, view, key, now).finally(() => {
        this.reading.delete(id);
        this.schedule();
      });
    }
    this.schedule();
  }

  private async push(id: string, view: ViewName, key: string | undefined, now: number): Promise<void> {
    const spec = VIEW_SPECS[view];
    if ('requires' in spec && !this.deps.services.has(spec.requires)) return;
    let update: ViewUpdate;
    try {
      const data = await (VIEW_SPECS[view].read as (c: EngineClient, key?: string) => Promise<unknown>)(this.client, key);
      update = { view, ...(key !== undefined ? { key } : {}), data };
    } catch (err) {
      update = { view, ...(key !== undefined ? { key } : {}), error: (err as Error).message };
    }
    const json = JSON.stringify(update);
    const unchanged = this.sent.get(id)?.json === json;
    // `at` is when it was last read, so an unchanged view is not read again before its interval.
    this.sent.set(id, { at: now, json });
    if (!unchanged && !this.stopped) this.deps.post(update);
  }
}
