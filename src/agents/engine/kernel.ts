import type { EngineMode } from '../../shared/contracts/system.contract.ts';
import { ServiceRegistry } from '../../shared/contracts/rpc-server.ts';
import type { Logger } from '../../shared/logger.ts';
import { toQuantity } from '../../shared/domain/branded.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import type { EngineCommand } from '../../shared/messages/commands.ts';
import type { Bar } from '../../shared/domain/market.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import type { Store } from '../store/store.ts';
import type { BrokerEmergencyReport } from '../../shared/ipc/host-protocol.ts';
import { hostFlattenEvents } from './host-flatten-events.ts';
import { buildPaperMarket, type FeedSpec, type PaperMarket } from '../venues/simulated/paper-market.ts';
import type { buildIbMarket, IbSessionSpec } from '../venues/ibkr/ib-market.ts';
import { RiskManager, PRE_TRADE_ENDPOINT } from '../risk/risk-manager.ts';
import { PortfolioTracker } from '../portfolio/portfolio-tracker.ts';
import { NEWS_AGENT_ID, NewsAnalyst } from '../analysts/news/news-analyst.ts';
import { NewsFolder } from '../analysts/news/news-folder.ts';
import type { Headline } from '../../shared/domain/news.ts';
import { ExecutionAgent, EXECUTION_ENDPOINT } from '../execution/execution-agent.ts';
import { readAccount, readHoldings, readInstrumentFills } from '../store/portfolio-projections.ts';
import { readUnfinishedParents } from '../store/algo-projections.ts';
import { readOrderProgress } from '../store/order-projections.ts';
import { writeHeadAnchor } from '../store/profile-check.ts';
import { readOpenOrders, readRiskLimits } from '../store/projections.ts';
import { MARKET_DATA_EVENTS } from '../../shared/messages/events.ts';
import { TradingStateAgent, TRADING_STATE_ENDPOINT } from '../risk/trading-state-agent.ts';
import { SESSION_WATCH_ID, SessionWatch } from '../risk/session-watch.ts';
import type { Agent, AgentContext } from './agent.ts';
import { TestClock, type Clock } from './clock.ts';
import { LiveClock } from './live-clock.ts';
import { MessageBus } from './message-bus.ts';
import { InferenceLink } from './inference-link.ts';
import { RecentTrades } from './recent-trades.ts';
import { UploadStore } from './upload-store.ts';
import { deriveSeed } from './derive-seed.ts';
import { dirname, join } from 'node:path';
import { TechnicalAnalyst, TECHNICAL_AGENT_ID } from '../analysts/technical/technical-analyst.ts';
import { RegimeWatcher, REGIME_AGENT_ID } from '../analysts/regime/regime-watcher.ts';
import { ModelAnalyst } from '../analysts/model/model-analyst.ts';
import { ModelRegistry } from '../models/model-registry.ts';
import { scoresHeadlines } from '../../shared/domain/models.ts';
import { isHeadlineFeatureName, type HeadlineFeatureName } from '../../shared/features/headline-features.ts';
import type { BatchModel } from '../inference/batch-predictions.ts';
import { ConsensusEngine } from '../consensus/consensus-engine.ts';
import { PortfolioOptimizer } from '../portfolio/portfolio-optimizer.ts';
import { AGENTS_TRADING_ENDPOINT, TargetTrader } from '../execution/target-trader.ts';
import { ConsensusConfigSchema, OptimizerConfigSchema, type ConsensusConfig, type OptimizerConfig } from '../../shared/domain/consensus.ts';
import { AgentRosterSchema, type AgentRoster } from '../../shared/domain/settings.ts';

export interface KernelOptions {
  mode: EngineMode;
  store: Store;
  seed: number;
  log: Logger;
  /** Bar length of the market's bars. */
  barIntervalMs: number;
  /** What moves prices: the order-flow simulator (default), a plain random walk, a replay — or Interactive Brokers, whose venue it is too. */
  feed?: FeedSpec | IbSessionSpec;
  /**
   * Builds an Interactive Brokers session's market: `buildIbMarket`, passed by whoever starts one
   * (the engine's entry, the IB tests). The kernel does not import it, so that a backtest's worker or
   * a paper session does not load the IB client and rxjs (~300 modules, ~0.1 s of a worker's start).
   */
  ibMarket?: typeof buildIbMarket;
  /** Start of time for backtests (TestClock); ignored in live modes. */
  startMs?: number;
  checkpointEveryMs?: number;
  /** Come up HALTED, flattening if asked: the host's kill switch that no engine has confirmed yet. */
  startHalted?: { reason: string; flatten: boolean; haltId: string };
  version?: string;
  /** The shipped default model, registered and activated on a new profile. */
  defaultModelPath?: string | undefined;
  /** How long a model vote may take before it is recorded as missing. */
  modelDeadlineMs?: number;
  consensus?: ConsensusConfig;
  optimizer?: OptimizerConfig;
  /** The optimizer re-optimises every this many bars even when no decision changed. */
  rebalanceEveryBars?: number;
  /** Whether the agents' targets become orders (default: in backtests yes, in paper and live no — the trader turns it on). */
  agentsTrade?: boolean;
  /** Where the bundled bars CSVs are (the UI's backtests may use them). */
  bundledDataDir?: string | undefined;
  /**
   * Called when an event cannot be journaled (a full disk, a constraint): memory and the journal would
   * part, so the process must stop and recover from SQLite. Without it the error is thrown.
   */
  onStorageFailure?: (err: unknown) => void;
  /** Backtests: models whose predictions were computed up front in batches (they vote synchronously). */
  batchModels?: readonly BatchModel[];
  /**
   * Headlines for the news analyst (it votes only when given some): a file's, and/or a folder it
   * looks in for new files while the session runs; and how fast their say fades.
   */
  news?: {
    headlines?: readonly Headline[];
    folder?: string;
    halfLifeMs?: number;
    /** Each headline's score from a headline model, computed up front (backtests' `--news-model`). */
    preScored?: { modelId: string; scores: ReadonlyMap<string, number> };
  };
  /** Why the engine before this one ended, when its host restarted it (alerted when the session starts). */
  restartedAfter?: string | undefined;
  /** Which analysts vote and how (the profile's or the backtest's `agents` settings); all of them by default. */
  roster?: AgentRoster;
  /** The instruments the agents trade (ids); the others are watched and voted on, never ordered. All when absent or empty. */
  tradedInstruments?: readonly string[];
}

/** One step of a backtest as the kernel reports it: when, the equity and gross exposure after it, and where in the data. */
export interface BacktestStep {
  ts: number;
  equity: number;
  exposure: number;
  index: number;
  total: number;
}

/** Recorded bars replayed into a model's features when it is loaded (its window and the longest indicator's warm-up). */
const MODEL_WARM_UP_BARS = 300;

/** Which endpoint takes each command. */
const COMMAND_ENDPOINTS: Partial<Record<EngineCommand['type'], string>> = {
  HaltTrading: TRADING_STATE_ENDPOINT,
  ReduceTrading: TRADING_STATE_ENDPOINT,
  ResumeTrading: TRADING_STATE_ENDPOINT,
  SubmitOrder: PRE_TRADE_ENDPOINT,
  CancelOrder: PRE_TRADE_ENDPOINT,
  CancelAllOrders: PRE_TRADE_ENDPOINT,
  AmendOrder: PRE_TRADE_ENDPOINT,
  StartAlgo: EXECUTION_ENDPOINT,
  CancelAlgo: EXECUTION_ENDPOINT,
  SetAgentsTrading: AGENTS_TRADING_ENDPOINT,
};

/**
 * The composition root of the engine, and the only code that knows the mode (DESIGN.md §3):
 * backtest = TestClock + simulated venue; paper = LiveClock + simulated venue or an IB paper account;
 * live = LiveClock + an IB live account. It wires bus, store, agents and services; it holds no trading logic.
 */
export class Kernel {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly store: Store;
  readonly services = new ServiceRegistry();
  readonly tradingState: TradingStateAgent;
  readonly market: PaperMarket;
  readonly risk: RiskManager;
  readonly portfolio: PortfolioTracker;
  readonly execution: ExecutionAgent;
  readonly inference: InferenceLink;
  readonly recentTrades: RecentTrades;
  /** Files arriving from the UI in chunks (models, bars CSVs). */
  readonly uploads: UploadStore;
  readonly technical: TechnicalAnalyst;
  readonly regime: RegimeWatcher;
  readonly modelAnalyst: ModelAnalyst;
  /** The sentiment analyst, when the session was given headlines. */
  readonly news: NewsAnalyst | null;
  readonly models: ModelRegistry;
  readonly consensus: ConsensusEngine;
  readonly optimizer: PortfolioOptimizer;
  readonly targetTrader: TargetTrader;
  /** Whether the agents' targets become orders (the trader's switch, a journaled SetAgentsTrading command). */
  get agentsTrade(): boolean {
    return this.targetTrader.enabled;
  }

  /** Whether this session's market lists the instrument (positions kept from a replay may not be). */
  trades(instrumentId: string): boolean {
    return this.market.instruments.some((i) => i.id === instrumentId);
  }

  /** What came of `startHalted`, for the host's confirmation. */
  startedHalted: { haltId: string; state: string; canceled: number; flattening: number } | null = null;
  readonly sessionId: string;
  readonly options: KernelOptions;
  private readonly agents: Agent[];
  private readonly checkpointed: Agent[];
  private running = false;
  private readonly stopHooks: (() => void)[] = [];
  readonly startedAt: number;
  /**
   * Events the journal leaves out: market data (bars are recorded apart, except a backtest feed's,
   * which it holds itself: `BacktestFeed.history`, `publishedBars`), and in a backtest the
   * analysts' signals — there every signal is a vote in the decision of its bar, and `DecisionMade`
   * carries it whole (a paper session journals them: a model's late signal is in no decision).
   */
  private readonly unjournaled: ReadonlySet<string>;

  constructor(options: KernelOptions) {
    const ib = options.feed?.kind === 'ib' ? options.feed : null;
    if (options.mode === 'live' && ib?.account.kind !== 'live') throw new Error('live mode trades a live Interactive Brokers account only');
    if (ib && ib.account.kind !== options.mode) throw new Error(`an IB ${ib.account.kind} account cannot run a ${options.mode} session`);
    this.options = options;
    this.store = options.store;
    this.clock = options.mode === 'backtest' ? new TestClock(options.startMs ?? 0) : new LiveClock();
    this.bus = new MessageBus((err, where) => options.log.error({ err, where }, 'handler failed'));
    this.startedAt = this.clock.now();
    this.unjournaled = options.mode === 'backtest' ? new Set([...MARKET_DATA_EVENTS, 'SignalEmitted']) : MARKET_DATA_EVENTS;
    // Deterministic (a backtest gives the same id) yet unique within one database.
    this.sessionId = `${options.mode}-${this.startedAt}-${options.seed}-${this.store.journal.headSeq + 1}`;

    this.tradingState = new TradingStateAgent(this.contextFor('risk.trading-state'), this.store.tradingState());
    if (ib && !options.ibMarket) throw new Error('an Interactive Brokers session needs the IB market (KernelOptions.ibMarket)');
    this.market = ib
      ? options.ibMarket!(ib, options.barIntervalMs, (id) => this.contextFor(id), this.store)
      : buildPaperMarket(
          (options.feed as FeedSpec | undefined) ?? { kind: 'simulator' },
          options.barIntervalMs,
          (id) => this.contextFor(id),
          options.log,
        );
    const account = readAccount(this.store.db);
    this.portfolio = new PortfolioTracker(
      this.contextFor('portfolio.tracker'),
      { holdings: readHoldings(this.store.db), ...account },
      (id) => readInstrumentFills(this.store.db, id),
      // One trading day for the whole portfolio: its first instrument's exchange's (UTC where unknown).
      this.market.instruments.find((i) => i.timeZone)?.timeZone,
    );
    this.risk = new RiskManager(this.contextFor('risk.manager'), {
      venue: this.market.venue,
      portfolio: this.portfolio,
      tradingState: this.tradingState,
      limits: readRiskLimits(this.store.db),
      isKnownClientOrderId: (id) => this.store.isKnownClientOrderId(id),
      breakerTimerMs: options.mode === 'backtest' ? null : 1_000,
      breakersAfterStep: options.mode === 'backtest',
      traded: (id) => this.trades(id),
    });
    // Start order: state and venue before anything that can trade or move prices.
    this.execution = new ExecutionAgent(this.contextFor('execution.agent'), {
      marks: this.portfolio,
      history: (id) => this.barHistory(id, 10_000),
      unfinished: () => readUnfinishedParents(this.store.db),
    });
    this.inference = new InferenceLink(this.clock, options.log);
    const batch = new Map((options.batchModels ?? []).map((b) => [b.record.id, b.values]));
    const roster = options.roster ?? AgentRosterSchema.parse({});
    // Analysts: the regime watcher sees each bar before the model analyst reads its probabilities.
    this.regime = new RegimeWatcher(REGIME_AGENT_ID, this.contextFor(REGIME_AGENT_ID));
    this.technical = new TechnicalAnalyst(TECHNICAL_AGENT_ID, this.contextFor(TECHNICAL_AGENT_ID));
    this.modelAnalyst = new ModelAnalyst('analyst.model', this.contextFor('analyst.model'), {
      runner: this.inference,
      regime: this.regime,
      deadlineMs: options.modelDeadlineMs ?? roster.model.deadlineMs,
      ...(options.mode !== 'backtest'
        ? {
            recordedBars: () =>
              Object.fromEntries(this.market.instruments.map((i) => [i.id, this.store.bars.latest(i.id, MODEL_WARM_UP_BARS)])),
          }
        : {}),
      ...(batch.size
        ? { lookup: (modelId: string, instrumentId: string, ts: number) => batch.get(modelId)?.get(instrumentId)?.get(ts) }
        : {}),
    });
    // With headlines from a file, or a broker that tells its news (IB), the news analyst votes.
    this.news =
      roster.news.enabled && (options.news || this.market.headlines)
        ? new NewsAnalyst(this.contextFor(NEWS_AGENT_ID), options.news?.headlines ?? [], this.market.instruments, {
            halfLifeMs: options.news?.halfLifeMs ?? roster.news.halfLifeMs,
            ...(options.news?.preScored ? { preScored: options.news.preScored } : {}),
            models: { runner: this.inference, deadlineMs: roster.model.deadlineMs, active: () => this.activeHeadlineModel() },
            ...(options.news?.folder ? { folder: new NewsFolder(options.news.folder) } : {}),
          })
        : null;
    if (this.news) this.market.headlines?.((h) => this.news!.addHeadline(h));
    const consensus = withRosterWeights(options.consensus ?? ConsensusConfigSchema.parse({}), roster);
    const analysts = [
      ...(roster.technical.enabled ? [this.technical] : []),
      ...(roster.model.enabled ? [this.modelAnalyst] : []),
      ...(this.news ? [this.news] : []),
    ];
    this.consensus = new ConsensusEngine(this.contextFor('consensus.engine'), {
      config: consensus,
      voters: analysts,
      risk: this.risk,
      decisionPrefix: this.sessionId,
    });
    this.optimizer = new PortfolioOptimizer(this.contextFor('portfolio.optimizer'), {
      config: options.optimizer ?? OptimizerConfigSchema.parse({}),
      ...(options.rebalanceEveryBars ? { rebalanceEveryBars: options.rebalanceEveryBars } : {}),
      decisionWaitMs: consensus.cycleTimeoutMs,
      book: this.portfolio,
    });
    const traded = new Set(options.tradedInstruments ?? []);
    this.targetTrader = new TargetTrader(this.contextFor('execution.targets'), {
      instruments: traded.size ? this.market.instruments.filter((i) => traded.has(i.id)) : this.market.instruments,
      book: this.portfolio,
      venue: this.market.venue,
      enabled: options.agentsTrade ?? options.mode === 'backtest',
    });
    this.models = new ModelRegistry(
      this.store,
      join(dirname(this.store.file), 'models'),
      (path, rowShape) => this.inference.api.probe({ path, rowShape }),
      this.clock,
    );
    // Paper and live sessions are watched for stale data and slow decisions (a backtest's clock jumps).
    const watch =
      options.mode === 'backtest' ? [] : [new SessionWatch(this.contextFor(SESSION_WATCH_ID), { barIntervalMs: options.barIntervalMs })];
    this.agents = [
      this.tradingState,
      this.portfolio,
      this.market.venue,
      this.risk,
      this.execution,
      this.regime,
      ...analysts,
      this.consensus,
      this.optimizer,
      this.targetTrader,
      ...watch,
      this.market.feed,
    ];
    this.checkpointed = [this.market.feed, this.market.venue, this.portfolio, this.consensus, this.optimizer];

    this.bus.subscribe<EngineEvent>('*', (event) => this.persist(event));
    this.recentTrades = new RecentTrades(this.bus);
    this.uploads = new UploadStore(this.clock);
    if (options.batchModels?.length) this.modelAnalyst.setModels(options.batchModels.map((b) => b.record));
  }

  /** Journals a command, then delivers it to the agent that handles it. */
  dispatch(command: EngineCommand): void {
    const endpoint = COMMAND_ENDPOINTS[command.type];
    if (!endpoint || !this.bus.hasEndpoint(endpoint)) throw new Error(`no agent handles ${command.type} in this build`);
    this.store.record(command);
    this.bus.send(endpoint, command);
  }

  start(): void {
    if (this.running) return;
    for (const agent of this.checkpointed) {
      const saved = this.store.checkpoints.load(agent.id);
      if (saved !== undefined) agent.loadState(saved);
    }
    // The venue's checkpoint may be seconds older than the journal: the journal wins.
    this.market.venue.reconcileWithJournal((id) => readOrderProgress(this.store.db, id));
    this.market.feed.resumeFrom(this.market.instruments.flatMap((i) => this.store.bars.latest(i.id, 1)));
    // Analysts rebuild their memory from the recorded bars (their checkpoint is their input).
    const recorded = Object.fromEntries(this.market.instruments.map((i) => [i.id, this.store.bars.latest(i.id, 5_000)]));
    for (const analyst of [this.regime, this.technical]) analyst.loadState(recorded as never);
    const now = this.clock.now();
    this.store.record({
      type: 'SessionStarted',
      tsEvent: now,
      tsInit: now,
      source: 'kernel',
      sessionId: this.sessionId,
      mode: this.options.mode,
      seed: this.options.seed,
      feed: this.market.label,
    });
    for (const agent of this.agents) agent.start();
    this.reconcileOpenOrders(now);
    this.alertUnknownTradedInstruments(now);
    if (this.options.restartedAfter) {
      const asked = this.options.restartedAfter.startsWith('restarted on request');
      // The host had given up on it (it kept crashing) and tried again later: the trader must look.
      const gaveUp = this.options.restartedAfter.includes('gave up after');
      this.raiseHostAlert(
        asked ? 'info' : gaveUp ? 'critical' : 'warning',
        'ENGINE_RESTARTED',
        asked ? `The engine ${this.options.restartedAfter}` : `The engine was restarted by its host after: ${this.options.restartedAfter}`,
      );
    }
    const halt = this.options.startHalted;
    if (halt) {
      const r = this.risk.engageKillSwitch(halt.reason, halt.flatten);
      this.startedHalted = { haltId: halt.haltId, state: r.state, canceled: r.canceled, flattening: r.flattening.length };
    }
    // A backtest checkpoints when it stops; its clock jumps from bar to bar.
    if (this.options.mode !== 'backtest') this.onStop(this.clock.every(this.options.checkpointEveryMs ?? 5_000, () => this.checkpoint()));
    this.running = true;
    this.options.log.info({ sessionId: this.sessionId, mode: this.options.mode, state: this.tradingState.current.state }, 'engine started');
  }

  /**
   * Backtests: one step of the recorded data. The clock moves to the close of the next step's bars,
   * `atClose` may act at that moment (a policy's command), the bars are published and the agents run;
   * returns the step's equity point, or null once the data is done.
   */
  step(atClose?: (now: number) => void): BacktestStep | null {
    const feed = this.market.backtest;
    if (!feed || !(this.clock instanceof TestClock)) throw new Error('step() drives backtests only');
    const close = feed.nextCloseTs();
    if (close === null) return null;
    this.clock.advanceTo(Math.max(this.clock.now(), close));
    atClose?.(this.clock.now());
    const group = feed.publishNext();
    // Not a whole snapshot (every position's view, sorted) for two figures, each bar.
    const equity = this.portfolio.equity();
    return {
      ts: group[0]!.ts,
      equity,
      exposure: equity > 0 ? this.portfolio.grossExposure() / equity : 0,
      index: feed.stepsDone - 1,
      total: feed.stepCount,
    };
  }

  /** Backtests: lets the last cycle's timers (a late vote's deadline) run out, then stops. */
  finishBacktest(): void {
    const cycle = (this.options.consensus ?? ConsensusConfigSchema.parse({})).cycleTimeoutMs;
    if (this.clock instanceof TestClock) this.clock.advanceBy(cycle);
    this.stop();
  }

  /** Runs `stop` when the session stops: a service's own timer, which must not outlive the store. */
  onStop(stop: () => void): void {
    this.stopHooks.push(stop);
  }

  stop(): void {
    if (!this.running) return;
    for (const hook of this.stopHooks.splice(0)) hook();
    for (const agent of [...this.agents].reverse()) agent.stop();
    this.checkpoint();
    this.running = false;
  }

  /** An agent of this session with memory the trader may checkpoint, restore or wipe (see agent-memory). */
  memoryAgent(agentId: string): Agent | undefined {
    return [this.consensus, this.optimizer].find((a) => a.id === agentId);
  }

  /** The active headline model (it scores for the news analyst in the lexicon's place), if one is imported. */
  private activeHeadlineModel(): { id: string; features: HeadlineFeatureName[] } | null {
    const m = this.models.list().find((r) => r.status === 'active' && scoresHeadlines(r));
    return m ? { id: m.id, features: m.schema.features.filter(isHeadlineFeatureName) } : null;
  }

  /** An alert about the processes around the engine (its host's restarts, the inference process), journaled like any other. */
  raiseHostAlert(severity: 'info' | 'warning' | 'critical', code: string, message: string): void {
    const now = this.clock.now();
    this.bus.publish('AlertRaised', {
      type: 'AlertRaised',
      tsEvent: now,
      tsInit: now,
      source: 'host',
      severity,
      code,
      message,
      detail: {},
    });
  }

  /** The settings name instruments for the agents to trade that this session does not have: said, not guessed at. */
  private alertUnknownTradedInstruments(now: number): void {
    const unknown = (this.options.tradedInstruments ?? []).filter((id) => !this.trades(id));
    if (!unknown.length) return;
    this.bus.publish('AlertRaised', {
      type: 'AlertRaised',
      tsEvent: now,
      tsInit: now,
      source: 'kernel',
      severity: 'warning',
      code: 'SETTINGS_UNKNOWN_INSTRUMENT',
      message: `session.instruments names ${unknown.join(', ')}, which this session does not have (it has ${this.market.instruments.map((i) => i.id).join(', ')}): the agents order none of them`,
      detail: { unknown: unknown.join(',') },
    });
  }

  /**
   * Orders the journal shows as open that the venue does not hold (the engine died after sending
   * them): after a restart nothing of them is live at the paper venue, so they are closed here,
   * journaled, never sent again.
   */
  private reconcileOpenOrders(now: number): void {
    const live = new Set(this.market.venue.openOrders().map((o) => o.clientOrderId));
    for (const o of readOpenOrders(this.store.db)) {
      if (live.has(o.clientOrderId)) continue;
      this.bus.publish('OrderCanceled', {
        type: 'OrderCanceled',
        tsEvent: now,
        tsInit: now,
        source: 'kernel.recovery',
        clientOrderId: o.clientOrderId,
        leavesQuantity: toQuantity(o.leavesQuantity),
        reason: 'the engine restarted; the order was no longer at the venue',
      });
    }
  }

  /**
   * Journals what the host's kill switch did at the broker while this engine (or the one before)
   * could not be asked: the alert, and its flatten orders with the executions IB reported on the
   * host's connection (so the journal's positions follow IB's).
   */
  recordBrokerEmergency(r: BrokerEmergencyReport): void {
    const now = this.clock.now();
    for (const event of hostFlattenEvents(r, this.market.instruments, now)) this.bus.publish(event.type, event);
    const flat = r.flattening.map((f) => `${f.action} ${f.quantity} ${f.symbol}`).join(', ');
    const filled = r.fills.reduce((n, f) => n + f.shares, 0);
    const wanted = r.flattening.reduce((n, f) => n + f.quantity, 0);
    const message = r.error
      ? `The host's kill switch at Interactive Brokers did not finish: ${r.error}. Check TWS for open orders and positions.`
      : `While the engine could not be asked, the host sent Interactive Brokers a global cancel${flat ? ` and flattened (${flat}; market orders on its own connection: ${filled} of ${wanted} reported filled and journaled here${filled < wanted ? ' — compare the rest with TWS' : ''})` : ''}; ${r.openAfter} order(s) were still open there after.`;
    this.bus.publish('AlertRaised', {
      type: 'AlertRaised',
      tsEvent: now,
      tsInit: now,
      source: 'host.kill-switch',
      severity: r.error || r.openAfter > 0 || flat ? 'critical' : 'warning',
      code: 'host-broker-emergency',
      message,
      detail: { globalCancelSent: String(r.globalCancelSent), flattening: flat, openAfter: r.openAfter },
    });
  }

  checkpoint(): void {
    const now = this.clock.now();
    this.store.db.transaction(() => {
      for (const agent of this.checkpointed) this.store.checkpoints.save(agent.id, agent.saveState(), now);
    })();
    if (this.options.mode !== 'backtest') writeHeadAnchor(this.store.file, this.store.journal);
  }

  /** Told how long each journal append took (milliseconds): the metrics endpoint's histogram. */
  readonly journalAppendObservers: ((ms: number) => void)[] = [];

  /**
   * An instrument's newest `limit` bars, oldest first: the recorded ones, and after them in a backtest
   * what its feed has published (there the store holds only a walk-forward's warm-start bars).
   */
  private barHistory(instrumentId: string, limit: number): Bar[] {
    const recorded = this.store.bars.latest(instrumentId as never, limit);
    const feed = this.market.backtest;
    return feed ? [...recorded, ...feed.history(instrumentId, limit)].slice(-limit) : recorded;
  }

  private persist(event: EngineEvent): void {
    try {
      if (event.type === 'BarClosed') {
        if (!this.market.backtest) this.store.bars.save(event.bar);
      } else if (!this.unjournaled.has(event.type)) {
        // Timed only when someone listens (the metrics endpoint): every event passes here.
        const t0 = this.journalAppendObservers.length ? this.clock.monotonic() : 0;
        this.store.record(event);
        for (const observe of this.journalAppendObservers) observe(this.clock.monotonic() - t0);
      }
    } catch (err) {
      if (!this.options.onStorageFailure) throw err;
      this.options.onStorageFailure(err);
    }
  }

  private contextFor(agentId: string): AgentContext {
    return {
      bus: this.bus,
      clock: this.clock,
      random: new SeededRandom(deriveSeed(this.options.seed, agentId)),
      log: this.options.log,
      dispatch: (command) => this.dispatch(command),
    };
  }
}

/** The roster's weights for the analysts it names, over consensus's own (a weight the roster leaves out stays consensus's). */
function withRosterWeights(consensus: ConsensusConfig, roster: AgentRoster): ConsensusConfig {
  const weights = { ...consensus.weights };
  if (roster.technical.weight !== undefined) weights[TECHNICAL_AGENT_ID] = roster.technical.weight;
  if (roster.news.weight !== undefined) weights[NEWS_AGENT_ID] = roster.news.weight;
  return { ...consensus, weights };
}
