import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fill } from '../../shared/domain/orders.ts';
import type { Bar } from '../../shared/domain/market.ts';
import { silentLogger, type Logger } from '../../shared/logger.ts';
import { mixedIntervals } from '../../shared/market-data/bar-interval.ts';
import { periodsPerYear } from '../../shared/math/periods-per-year.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import { REGIME_AGENT_ID } from '../analysts/regime/regime-watcher.ts';
import { TECHNICAL_AGENT_ID } from '../analysts/technical/technical-analyst.ts';
import { Kernel } from '../engine/kernel.ts';
import type { AgentState } from '../engine/agent.ts';
import { batchPredict, type BatchModel } from '../inference/batch-predictions.ts';
import type { Restriction } from '../store/backtest-runs.ts';
import { Store } from '../store/store.ts';
import type { JournalBlock } from '../store/block-chain.ts';
import type { BarSeries } from '../venues/simulated/load-replay.ts';
import { backtestRiskLimits, type BacktestConfig } from './backtest-config.ts';
import { buyAndHold } from './buy-and-hold.ts';
import { computeMetrics, type Metrics } from './metrics.ts';
import { roundTrips, type RoundTrip } from './round-trips.ts';
import type { Headline } from '../../shared/domain/news.ts';
import { NEWS_AGENT_ID } from '../analysts/news/news-analyst.ts';

export interface BacktestInput {
  series: readonly BarSeries[];
  config: BacktestConfig;
  /** Keep only bars starting at or after / before this time (ms). */
  fromMs?: number;
  toMs?: number;
  /** Where the run's journal goes (default: an in-memory database; see `withThrowawayJournal`). */
  databaseFile?: string;
  /** The database is thrown away after the run: no write-ahead log, no syncing to disk. */
  scratch?: boolean;
  onProgress?: (done: number, total: number) => void;
  log?: Logger;
  /**
   * What the agents knew before the first bar (walk-forward: the train window): bars recorded before
   * the start, which the analysts rebuild from, and checkpoints of consensus and the optimizer.
   */
  warmStart?: { bars: readonly Bar[]; checkpoints: Record<string, AgentState> };
  /** Models in batch mode (see `prepareBatchModels`). */
  batchModels?: readonly BatchModel[];
  /** Return the journal's blocks with the result (a sweep that keeps its decisions; the database itself is thrown away). */
  keepJournal?: boolean;
  /**
   * Headlines for the news analyst (`--news FILE`): a bar sees only those published by its close;
   * their scores from a headline model when one was given (`--news-model`, `scoreHeadlinesWithModel`).
   */
  news?: { headlines: readonly Headline[]; halfLifeMs?: number; preScored?: { modelId: string; scores: ReadonlyMap<string, number> } };
}

/** The bars a run trades: each series cut to the period. */
function periodSeries(input: Pick<BacktestInput, 'series' | 'fromMs' | 'toMs'>): BarSeries[] {
  return input.series.map((s) => ({
    ...s,
    bars: s.bars.between(input.fromMs, input.toMs),
  }));
}

/**
 * Batch mode: each configured model's predictions, before the run, over exactly the bars the model
 * analyst will see — the period's (it does not rebuild from recorded bars; a model using the regime
 * feature in a walk-forward test window sees regime probabilities computed from the period alone).
 */
export async function prepareBatchModels(input: Pick<BacktestInput, 'series' | 'config' | 'fromMs' | 'toMs'>): Promise<BatchModel[]> {
  // As objects for the features (~200 bytes a bar): only when there is a model to feed.
  if (!input.config.models.length) return [];
  const seen = periodSeries(input).map((s) => s.bars.toArray());
  const out: BatchModel[] = [];
  for (const m of input.config.models) out.push(await batchPredict(m.file, m.status, seen));
  return out;
}

/**
 * Starting weights that name no agent voting in a run (a misspelt id, a model not loaded): such a
 * weight is never used, and the trader should hear of it.
 */
export function weightsWithoutVoter(
  config: BacktestConfig,
  modelNames: readonly string[],
  withNews = false,
): { unknown: string[]; voters: string[] } {
  const { agents } = config;
  const voters = [
    ...(agents.technical.enabled ? [TECHNICAL_AGENT_ID] : []),
    REGIME_AGENT_ID,
    ...(agents.model.enabled ? modelNames.map((name) => `model.${name}`) : []),
    ...(withNews && agents.news.enabled ? [NEWS_AGENT_ID] : []),
  ];
  return { unknown: Object.keys(config.consensus.weights).filter((id) => !voters.includes(id)), voters };
}

/** Said beside the metrics of a run shorter than a year, whose annualised figures extrapolate it. */
export function shortPeriodNote(run: Pick<BacktestResult['run'], 'periods' | 'periodsPerYear'>): string | null {
  return run.periods < run.periodsPerYear
    ? `less than a year of bars (${run.periods} returns): CAGR, volatility, turnover and Calmar are annualised from it`
    : null;
}

/** When breakers restricted (REDUCING) or stopped (HALTED) a run, in that order. */
export function runRestrictions(run: Pick<BacktestResult['run'], 'reducing' | 'halted' | 'resumes'>): Restriction[] {
  // With resumes, each is where the first restriction began, not a state held to the end.
  const resumed = run.resumes ? ` (first of several: resumed ${run.resumes}× at a new day's first bar)` : '';
  return [
    ...(run.reducing ? [{ state: 'REDUCING' as const, at: run.reducing.at, reason: run.reducing.reason + resumed }] : []),
    ...(run.halted ? [{ state: 'HALTED' as const, at: run.halted.at, reason: run.halted.reason + resumed }] : []),
  ];
}

const utcDay = (ms: number) => Math.floor(ms / 86_400_000);

/** Up to this many bars a run's journal stays in memory (3.5 KB a bar with a row per event; ~0.7 KB in blocks, on the S&P 500's file). */
export const IN_MEMORY_JOURNAL_BARS = 50_000;

/**
 * Runs `run` with the journal a backtest of `series` should have when nobody keeps it: in memory up
 * to `IN_MEMORY_JOURNAL_BARS` bars in all (fastest: the 20-year S&P 500 is 5,000 bars), else a new
 * file in the OS's temporary directory, removed afterwards — a journal in memory grows with the run
 * (740 MB for 200,000 bars) while on disk the process stays near 330 MB, ~10–20 % slower.
 */
export function withThrowawayJournal<T>(series: readonly BarSeries[], run: (db: { databaseFile?: string; scratch?: boolean }) => T): T {
  const bars = series.reduce((n, s) => n + s.bars.length, 0);
  if (bars <= IN_MEMORY_JOURNAL_BARS) return run({});
  const dir = mkdtempSync(join(tmpdir(), 'quorum-backtest-'));
  try {
    return run({ databaseFile: join(dir, 'journal.sqlite'), scratch: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Agents whose learned state a walk-forward carries from a train window to its test window. */
export const LEARNED_AGENTS = ['consensus.engine', 'portfolio.optimizer'] as const;

/**
 * The run's equity, buy-and-hold's and the gross exposure after each step, as columns of numbers
 * (8 bytes a value; a million steps as objects had been ~120 MB of live heap, which V8 then let grow
 * to several times that).
 */
export interface EquityCurve {
  ts: number[];
  equity: number[];
  benchmark: number[];
  exposure: number[];
}

/**
 * A curve of `points` points to be filled by index (the benchmark is filled whole later): allocated
 * once, where `push` would have copied each column as it grew, leaving ~16 MB a million points
 * behind in V8's large-object space, which only a full collection frees.
 */
export const emptyCurve = (points = 0): EquityCurve => ({
  ts: new Array<number>(points).fill(0),
  equity: new Array<number>(points).fill(0),
  benchmark: [],
  exposure: new Array<number>(points).fill(0),
});

export interface BacktestResult {
  metrics: Metrics;
  benchmark: Metrics;
  run: {
    sessionId: string;
    instruments: string[];
    from: string;
    to: string;
    /** The number of returns the metrics are computed from: one fewer than the bars (steps) of the run. */
    periods: number;
    periodsPerYear: number;
    startingCash: number;
    finalEquity: number;
    decisions: number;
    /** Analysts' signals on the bus (each is journaled inside the decision it voted in). */
    signals: number;
    /** The signals per analyst (agent id → count). */
    signalsByAgent: Record<string, number>;
    fills: number;
    journalRows: number;
    journalHead: string;
    halted: { at: string; reason: string } | null;
    /**
     * When a breaker first restricted the run to orders that reduce a position (REDUCING), and why:
     * a backtest has no trader to resume it, so every bar after this one traded under the restriction.
     */
    reducing: { at: string; reason: string } | null;
    /** How many times the run resumed trading at a new day's first bar (`resumeAfterBreaker: next-day`). */
    resumes: number;
  };
  equity: EquityCurve;
  fills: (Fill & { decisionId: string | null })[];
  trips: RoundTrip[];
  /** The learned agents' state at the end (what a walk-forward hands to the next window). */
  checkpoints: Record<string, AgentState>;
  /** The journal's chained blocks, when `keepJournal` asked for them. */
  journal?: JournalBlock[];
}

/**
 * Runs the engine's kernel in backtest mode over recorded bars (DESIGN.md §3): the same analysts,
 * consensus, optimizer, risk manager and execution as a paper session, a TestClock moved to the close
 * of each bar, and the bars-only venue (orders fill on the next bar). Same inputs and seed, same
 * journal, byte for byte.
 */
export function runBacktest(input: BacktestInput): BacktestResult {
  const series = periodSeries(input);
  const empty = series.find((s) => s.bars.length < 2);
  if (empty) throw new Error(`${empty.name}: fewer than two bars in the chosen period`);
  const mixed = mixedIntervals(series.map((s) => ({ name: s.name, intervalMs: s.bars.intervalMs })));
  if (mixed) throw new Error(mixed);
  const ids = new Set<string>();
  for (const s of series) {
    if (ids.has(s.instrument.id)) throw new Error(`${s.name}: instrument ${s.instrument.id} is given twice`);
    ids.add(s.instrument.id);
  }
  const { config } = input;
  const store = Store.open(input.databaseFile ?? ':memory:');
  if (input.scratch) store.useScratchMode();
  try {
    if (store.journal.headSeq !== 0) throw new Error(`${store.file} already holds a journal; a backtest needs a new database`);
    // Its journal in chained blocks (issue 19, decision 1): the same records, without a row each;
    // the projections and the bars only at the end, and only into a database that is kept.
    const kept = input.databaseFile !== undefined && !input.scratch;
    const journal = store.useBlockJournal();
    store.setStartingCash(config.startingCash);
    if (input.warmStart) {
      for (const bar of input.warmStart.bars) store.bars.save(bar);
      for (const [agentId, state] of Object.entries(input.warmStart.checkpoints))
        if (state !== null) store.checkpoints.save(agentId, state, 0);
    }
    const first = Math.min(...series.map((s) => s.bars.ts[0]!));
    const kernel = new Kernel({
      mode: 'backtest',
      store,
      seed: config.seed,
      log: input.log ?? silentLogger,
      barIntervalMs: series[0]!.bars.intervalMs,
      feed: { kind: 'backtest', series },
      startMs: first,
      roster: config.agents,
      consensus: config.consensus,
      optimizer: config.optimizer,
      rebalanceEveryBars: config.rebalanceEveryBars,
      agentsTrade: true,
      ...(input.batchModels?.length ? { batchModels: input.batchModels } : {}),
      ...(input.news ? { news: input.news } : {}),
    });
    const fills: BacktestResult['fills'] = [];
    let decisions = 0;
    let signals = 0;
    let halted: BacktestResult['run']['halted'] = null;
    let reducing: BacktestResult['run']['reducing'] = null;
    let resumes = 0;
    let restrictedAt: number | null = null;
    kernel.bus.subscribe<EventOf<'OrderFilled'>>('OrderFilled', (e) => fills.push({ ...e.fill, decisionId: e.decisionId ?? null }));
    kernel.bus.subscribe('DecisionMade', () => decisions++);
    const signalsByAgent: Record<string, number> = {};
    kernel.bus.subscribe<EventOf<'SignalEmitted'>>('SignalEmitted', (e) => {
      signals++;
      signalsByAgent[e.signal.agentId] = (signalsByAgent[e.signal.agentId] ?? 0) + 1;
    });
    kernel.bus.subscribe<EventOf<'TradingStateChanged'>>('TradingStateChanged', (e) => {
      if (e.to === 'HALTED' && !halted) halted = { at: new Date(e.tsEvent).toISOString(), reason: e.reason };
      if (e.to === 'REDUCING' && !reducing) reducing = { at: new Date(e.tsEvent).toISOString(), reason: e.reason };
      restrictedAt = e.to === 'ACTIVE' ? null : (restrictedAt ?? e.tsEvent);
    });
    kernel.start();
    kernel.risk.setLimits(backtestRiskLimits(config, series[0]!.bars.intervalMs), 'backtest.config');

    // resumeAfterBreaker: next-day resumes at the first close of a later day, before its bars.
    const policy = (now: number) => {
      if (config.resumeAfterBreaker !== 'next-day' || restrictedAt === null || utcDay(now) <= utcDay(restrictedAt)) return;
      kernel.dispatch({
        type: 'ResumeTrading',
        tsEvent: now,
        tsInit: now,
        source: 'backtest.policy',
        reason: 'a new day: the backtest resumes as a trader would who checks every morning (resumeAfterBreaker: next-day)',
      });
      resumes++;
    };
    const feed = kernel.market.backtest!;
    // One point a step, filled by the step's index.
    const equity = emptyCurve(feed.stepCount);
    // Journal rows are committed in batches of steps: one transaction per message would dominate.
    const batch = 1_000;
    store.beginBatch();
    for (let point = kernel.step(policy); point; point = kernel.step(policy)) {
      equity.ts[point.index] = point.ts;
      equity.equity[point.index] = point.equity;
      equity.exposure[point.index] = point.exposure;
      const percentStep = Math.max(1, Math.floor(point.total / 100));
      if (input.onProgress && (point.index % percentStep === 0 || point.index + 1 === point.total))
        input.onProgress(point.index + 1, point.total);
      if ((point.index + 1) % batch === 0) {
        store.commitBatch();
        store.beginBatch();
      }
    }
    store.commitBatch();
    kernel.finishBacktest();
    // The last block holds what stopping the session journaled too. The projections and the bars
    // (which the feed held during the run) are written once, here, if the database is kept.
    store.transaction(() => {
      journal.flush();
      if (!kept) return;
      store.projectJournal();
      for (const bars of feed.publishedBars()) store.bars.saveColumns(bars);
    });

    const instrumentIds = series.map((s) => s.instrument.id);
    const { metrics, benchmarkMetrics, trips, curve, ppy } = scoreRun(series, feed.steps(), equity, fills, config.startingCash);
    return {
      metrics,
      benchmark: benchmarkMetrics,
      run: {
        sessionId: kernel.sessionId,
        instruments: instrumentIds,
        from: new Date(feed.stepTs(0)).toISOString().slice(0, 10),
        to: new Date(feed.stepTs(feed.stepCount - 1)).toISOString().slice(0, 10),
        periods: curve.length - 1,
        periodsPerYear: ppy,
        startingCash: config.startingCash,
        finalEquity: curve.at(-1)!,
        decisions,
        signals,
        signalsByAgent,
        fills: fills.length,
        journalRows: journal.headSeq,
        journalHead: journal.headHash,
        halted,
        reducing,
        resumes,
      },
      equity,
      fills,
      trips,
      checkpoints: Object.fromEntries(LEARNED_AGENTS.map((id) => [id, store.checkpoints.load(id) ?? null])),
      ...(input.keepJournal ? { journal: store.journalBlocks() } : {}),
    };
  } finally {
    store.close();
  }
}

/**
 * The run's figures from its equity curve and fills, beside buy-and-hold of the same instruments
 * (which also fills each equity point's benchmark).
 */
function scoreRun(
  series: readonly BarSeries[],
  steps: Iterable<readonly Bar[]>,
  equity: EquityCurve,
  fills: BacktestResult['fills'],
  startingCash: number,
) {
  const instrumentIds = series.map((s) => s.instrument.id);
  const { equity: benchmark, exposure: benchmarkExposure } = buyAndHold(steps, equity.ts.length, instrumentIds, startingCash);
  equity.benchmark = benchmark;
  const lastClose = new Map(series.map((s) => [s.instrument.id as string, s.bars.close[s.bars.length - 1]!]));
  const trips = roundTrips(fills, (id) => lastClose.get(id) ?? 0);
  const ppy = periodsPerYear(series[0]!.bars.intervalMs);
  // One equity point per bar, from the first bar's close: N bars give N − 1 returns (the first bar
  // has none; a leading starting-cash point had added a zero return and annualised over N).
  const curve = equity.equity;
  const metrics = computeMetrics({
    equity: curve,
    periodsPerYear: ppy,
    trades: trips.length,
    hitRate: trips.length ? trips.filter((t) => t.pnl > 0).length / trips.length : null,
    traded: fills.reduce((s, f) => s + f.price * f.quantity, 0),
    fees: fills.reduce((s, f) => s + f.fee, 0),
    exposure: equity.exposure,
  });
  const benchmarkMetrics = computeMetrics({
    equity: benchmark,
    periodsPerYear: ppy,
    trades: instrumentIds.length,
    hitRate:
      instrumentIds.filter((id) => {
        const bars = series.find((s) => s.instrument.id === id)!.bars;
        return bars.close[bars.length - 1]! > bars.close[0]!;
      }).length / instrumentIds.length,
    traded: startingCash,
    fees: 0,
    exposure: benchmarkExposure,
  });
  return { metrics, benchmarkMetrics, trips, curve, ppy };
}
