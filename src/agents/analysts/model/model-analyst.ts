import type { Bar } from '../../../shared/domain/market.ts';
import { scoresHeadlines, type ModelRecord } from '../../../shared/domain/models.ts';
import { FeatureEngine } from '../../../shared/features/feature-library.ts';
import type { EventOf } from '../../../shared/messages/events.ts';
import type { ModelAgentStats } from '../../../shared/contracts/models.contract.ts';
import { Agent, type AgentContext } from '../../engine/agent.ts';
import { LatencyStats } from '../../models/latency-stats.ts';

/** Asks the inference process for one value per row; rejects when the deadline passes first. */
/** Runs a model on rows of features (the inference process, through the engine's link to it). */
export interface ModelRunner {
  predict(modelId: string, rows: number, data: number[], deadlineMs: number): Promise<(number | null)[]>;
  /** Whether predictions can be asked for now (a model waits for the inference process to be linked). */
  readonly connected: boolean;
}

/** The regime watcher's state probabilities for an instrument's newest bar (a model feature). */
export interface RegimeSource {
  probabilities(instrumentId: string): readonly number[] | null;
}

/** Batch mode (backtests): the prediction computed up front for the window ending at a bar, if any. */
export type BatchLookup = (modelId: string, instrumentId: string, barCloseTs: number) => number | undefined;

/** Counters kept per model; status, latency percentiles and hit rate are derived when asked. */
type Counters = Pick<ModelAgentStats, 'calls' | 'signals' | 'missing' | 'errors' | 'lastError' | 'degraded' | 'scored'> & { hits: number };

/** A prediction waiting for its horizon to be scored. */
interface Pending {
  bar: number;
  close: number;
  direction: number;
}

interface EngineState {
  features: FeatureEngine;
  rows: Float64Array[];
  bars: number;
  pending: Pending[];
}

interface Tracked {
  record: ModelRecord;
  engines: Map<string, EngineState>;
  stats: Counters;
  latency: LatencyStats;
}

const FAILURES_TO_DEGRADE = 3;

/**
 * Runs the active and shadow models on every bar: features from the shared library (the same code
 * that trained them), one inference call per model and instrument with a deadline, a signal that
 * carries the model's id and hash. Shadow models vote too, marked so consensus gives them weight
 * zero; every model's hit rate is scored once its horizon has passed.
 */
export class ModelAnalyst extends Agent {
  private readonly runner: ModelRunner;
  private readonly regime: RegimeSource;
  private readonly lookup: BatchLookup | null;
  private readonly recordedBars: () => Readonly<Record<string, readonly Bar[]>>;
  deadlineMs: number;
  private models = new Map<string, Tracked>();

  constructor(
    id: string,
    ctx: AgentContext,
    deps: {
      runner: ModelRunner;
      regime: RegimeSource;
      deadlineMs?: number;
      lookup?: BatchLookup;
      /** Bars recorded before this session (paper and live): a model's window is rebuilt from them. */
      recordedBars?: () => Readonly<Record<string, readonly Bar[]>>;
    },
  ) {
    super(id, ctx);
    this.recordedBars = deps.recordedBars ?? (() => ({}));
    this.runner = deps.runner;
    this.lookup = deps.lookup ?? null;
    this.regime = deps.regime;
    this.deadlineMs = deps.deadlineMs ?? 250;
  }

  /** The models that vote: active and shadow ones over bars (a headline model scores for the news analyst). Others are dropped, with their memory. */
  setModels(records: readonly ModelRecord[]): void {
    const voting = records.filter((r) => r.status !== 'inactive' && !scoresHeadlines(r));
    for (const id of [...this.models.keys()]) if (!voting.some((r) => r.id === id)) this.models.delete(id);
    for (const record of voting) {
      const known = this.models.get(record.id);
      if (known) known.record = record;
      else {
        const tracked: Tracked = {
          record,
          engines: new Map(),
          latency: new LatencyStats(),
          stats: { calls: 0, signals: 0, missing: 0, errors: 0, lastError: null, degraded: false, scored: 0, hits: 0 },
        };
        this.models.set(record.id, tracked);
        this.warmUp(tracked);
      }
    }
  }

  /**
   * Fills a new model's feature window from the recorded bars, so that after a restart it votes on
   * the next bar instead of ~window + warm-up bars later. No prediction is made for the past. The
   * regime of past bars is not known: a model using the regime feature still warms up live.
   */
  private warmUp(m: Tracked): void {
    for (const bars of Object.values(this.recordedBars()))
      for (const bar of bars) {
        const state = this.engineFor(m, bar.instrumentId);
        state.bars++;
        slideWindow(state, state.features.update(bar, { regime: null }), m.record.schema.window);
      }
  }

  private engineFor(m: Tracked, instrumentId: string): EngineState {
    let state = m.engines.get(instrumentId);
    if (!state)
      m.engines.set(instrumentId, (state = { features: new FeatureEngine(m.record.schema.features), rows: [], bars: 0, pending: [] }));
    return state;
  }

  /**
   * The agent ids (`model.<name>`) expected to vote on an instrument's next bar: models not degraded
   * whose feature window for it is full (as the technical analyst's `isWarm`). A model still warming
   * up is not a missing vote.
   */
  /** The models expected to vote on an instrument's next bar: none while predictions cannot be had. */
  votersFor(instrumentId: string): string[] {
    return this.lookup || this.runner.connected ? this.voters(instrumentId) : [];
  }

  voters(instrumentId: string): string[] {
    return [...this.models.values()]
      .filter((m) => !m.stats.degraded && (m.engines.get(instrumentId)?.rows.length ?? 0) >= m.record.schema.window)
      .map((m) => `model.${m.record.name}`);
  }

  /** Told each inference round trip (model id, milliseconds): the metrics endpoint's histogram. */
  readonly latencyObservers: ((modelId: string, ms: number) => void)[] = [];

  stats(): ModelAgentStats[] {
    return [...this.models.values()].map(({ record, stats: { hits, ...counts }, latency }) => ({
      modelId: record.id,
      status: record.status,
      ...counts,
      p50Ms: latency.percentile(50),
      p99Ms: latency.percentile(99),
      hitRate: counts.scored ? hits / counts.scored : null,
    }));
  }

  protected override onReset(): void {
    for (const m of this.models.values()) m.engines.clear();
  }

  onBarClosed(e: EventOf<'BarClosed'>): void {
    for (const m of this.models.values()) this.step(m, e.bar);
  }

  private step(m: Tracked, bar: EventOf<'BarClosed'>['bar']): void {
    const schema = m.record.schema;
    const state = this.engineFor(m, bar.instrumentId);
    state.bars++;
    this.score(m, state, bar.close);
    if (!slideWindow(state, state.features.update(bar, { regime: this.regime.probabilities(bar.instrumentId) }), schema.window)) return;
    const ts = bar.ts + bar.intervalMs;
    const t0 = this.ctx.clock.monotonic();
    m.stats.calls++;
    // The engine reuses its row; the vote keeps the copy stored in the window.
    const vote = { bar, row: state.rows[state.rows.length - 1]!, barNumber: state.bars, pending: state.pending };
    if (this.lookup) {
      // Batch mode: the value was computed up front for this very window; the vote is synchronous.
      const value = this.lookup(m.record.id, bar.instrumentId, ts);
      if (value !== undefined) this.accept(m, vote, value, t0);
      return;
    }
    const data: number[] = [];
    for (const r of state.rows) for (const v of r) data.push(v);
    this.runner.predict(m.record.id, 1, data, this.deadlineMs).then(
      ([value]) => {
        if (this.state !== 'running' || !this.models.has(m.record.id)) return;
        this.accept(m, vote, value, t0);
      },
      (err: Error) => {
        if (this.state !== 'running' || !this.models.has(m.record.id)) return;
        if (/timeout|unavailable|no inference/i.test(err.message)) {
          m.stats.missing++;
          this.ctx.log.debug({ model: m.record.id, reason: err.message }, 'model vote missing');
        } else {
          this.fail(m, err.message);
        }
      },
    );
  }

  /** A model's answer for one bar becomes its signal (or a failure when it is not a number). */
  private accept(
    m: Tracked,
    vote: { bar: Bar; row: ArrayLike<number>; barNumber: number; pending: Pending[] },
    value: number | null | undefined,
    t0: number,
  ): void {
    const { bar, row } = vote;
    const schema = m.record.schema;
    const ts = bar.ts + bar.intervalMs;
    const ms = this.ctx.clock.monotonic() - t0;
    m.latency.add(ms);
    for (const observe of this.latencyObservers) observe(m.record.id, ms);
    if (value === null || value === undefined || !Number.isFinite(value)) return this.fail(m, `returned ${value} for ${bar.instrumentId}`);
    m.stats.degraded = false;
    const direction = schema.output === 'p_up' ? Math.max(-1, Math.min(1, 2 * value - 1)) : Math.max(-1, Math.min(1, value));
    vote.pending.push({ bar: vote.barNumber, close: bar.close, direction });
    m.stats.signals++;
    const shadow = m.record.status === 'shadow';
    this.publish({
      type: 'SignalEmitted',
      tsEvent: ts,
      tsInit: this.ctx.clock.now(),
      source: this.id,
      signal: {
        agentId: `model.${m.record.name}`,
        instrumentId: bar.instrumentId,
        direction,
        confidence: Math.abs(direction),
        horizonMs: bar.intervalMs * schema.horizon,
        rationale: {
          summary: `${m.record.id}${shadow ? ' (shadow)' : ''}: ${schema.output} ${value.toFixed(4)} over ${schema.horizon} bars`,
          observations: {
            [schema.output]: value,
            shadow: shadow ? 1 : 0,
            ...Object.fromEntries(schema.features.map((f, i) => [f, row[i]!])),
          },
          model: { id: m.record.id, hash: m.record.sha256 },
        },
        ts,
      },
    });
  }

  private fail(m: Tracked, message: string): void {
    m.stats.errors++;
    m.stats.lastError = message;
    if (m.stats.degraded || m.stats.errors % FAILURES_TO_DEGRADE !== 0) return;
    m.stats.degraded = true;
    this.raiseAlert({
      severity: 'warning',
      code: 'MODEL_DEGRADED',
      message: `model ${m.record.id} is degraded: ${message}; its votes are missing until it answers again`,
      detail: { modelId: m.record.id, errors: m.stats.errors },
    });
  }

  /** Scores predictions whose horizon has passed: a hit when the move had the predicted sign. */
  private score(m: Tracked, state: { bars: number; pending: Pending[] }, close: number): void {
    while (state.pending.length && state.bars - state.pending[0]!.bar >= m.record.schema.horizon) {
      const p = state.pending.shift()!;
      const move = close - p.close;
      if (move === 0 || p.direction === 0) continue;
      m.stats.scored++;
      if (Math.sign(move) === Math.sign(p.direction)) m.stats.hits++;
    }
  }
}

/**
 * Adds a bar's feature row to the window (the oldest falls out; a bar without a row empties it).
 * True once the window is full: the moment a model can vote.
 */
function slideWindow(state: EngineState, row: ArrayLike<number> | null, window: number): boolean {
  if (!row) {
    state.rows = [];
    return false;
  }
  state.rows.push(Float64Array.from(row));
  if (state.rows.length > window) state.rows.shift();
  return state.rows.length >= window;
}
