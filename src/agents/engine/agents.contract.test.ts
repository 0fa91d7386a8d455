import { quietVenue } from '../venues/quiet-venue.test-helper.ts';
import { BarColumns } from '../../shared/market-data/bar-columns.ts';
import type { ModelRecord } from '../../shared/domain/models.ts';
import { DEFAULT_RISK_LIMITS } from '../../shared/domain/risk.ts';
import { ModelAnalyst } from '../analysts/model/model-analyst.ts';
import { ExecutionAgent, EXECUTION_ENDPOINT } from '../execution/execution-agent.ts';
import { PRE_TRADE_ENDPOINT, RiskManager } from '../risk/risk-manager.ts';
import type { Price, Quantity } from '../../shared/domain/branded.ts';
import type { Bar } from '../../shared/domain/market.ts';
import { loadNativeBinding, orderBooks } from '../../native/index.ts';
import { PortfolioTracker } from '../portfolio/portfolio-tracker.ts';
import { TargetTrader } from '../execution/target-trader.ts';
import { BacktestFeed } from '../feeds/backtest-feed.ts';
import { BarFillVenue } from '../venues/simulated/bar-fill-venue.ts';
import { SimulatedExchange } from '../venues/simulated/simulated-exchange.ts';
import { SimulatedVenue } from '../venues/simulated/simulated-venue.ts';
import type { TradingStatus } from '../../shared/contracts/trading.contract.ts';
import { RandomWalkFeed } from '../feeds/random-walk-feed.ts';
import { SIMULATED_INSTRUMENTS } from '../venues/simulated/sim-instruments.ts';
import { TradingStateAgent, TRADING_STATE_ENDPOINT } from '../risk/trading-state-agent.ts';
import { closeBar, describeAgentContract, publishDecision } from './agent-contract.test-helper.ts';
import { SessionWatch } from '../risk/session-watch.ts';

describeAgentContract({
  name: 'RandomWalkFeed',
  create: (ctx) =>
    new RandomWalkFeed(ctx, { instruments: SIMULATED_INSTRUMENTS, intervalMs: 60_000, stepsPerBar: 10, stepVolatility: 0.002 }),
  step: (w) => w.clock.advanceBy(60_000),
});

const initial: TradingStatus = { state: 'ACTIVE', reason: 'new profile', changedAt: 0 };
describeAgentContract({
  name: 'TradingStateAgent',
  create: (ctx) => new TradingStateAgent(ctx, initial),
  step: (w, i) => {
    w.clock.advanceBy(1_000);
    if (!w.bus.hasEndpoint(TRADING_STATE_ENDPOINT)) return;
    const now = w.clock.now();
    const reason = `step ${i}`;
    // Halt twice in a row sometimes: the second halt must not produce a second change.
    const command = i % 3 === 2 ? { type: 'ResumeTrading' as const, reason } : { type: 'HaltTrading' as const, reason, flatten: false };
    w.bus.send(TRADING_STATE_ENDPOINT, { ...command, tsEvent: now, tsInit: now, source: 'test' });
  },
});

// The agents that trade: portfolio, venues, the backtest feed, the target trader (issue 16: every agent under the contract).
const ALPHA = SIMULATED_INSTRUMENTS[0]!.instrument;
const bar = (i: number) => {
  const close = 100 + 5 * Math.sin(i / 3);
  return {
    instrumentId: ALPHA.id,
    ts: i * 60_000,
    intervalMs: 60_000,
    open: close - 0.5,
    high: close + 1,
    low: close - 1,
    close,
    volume: 1_000,
  };
};
const fillEvent = (w: { clock: { now(): number } }, i: number) => {
  const now = w.clock.now();
  return {
    type: 'OrderFilled' as const,
    tsEvent: now,
    tsInit: now,
    source: 'venue',
    fill: {
      fillId: `F${i}`,
      clientOrderId: `C${i}`,
      instrumentId: ALPHA.id,
      side: i % 3 === 0 ? ('sell' as const) : ('buy' as const),
      price: (100 + i) as Price,
      quantity: (10 + i) as Quantity,
      fee: 1,
      ts: now,
    },
    leavesQuantity: 0 as Quantity,
  };
};

describeAgentContract({
  name: 'PortfolioTracker',
  create: (ctx) => new PortfolioTracker(ctx, { holdings: new Map(), cash: 1_000_000, fees: 0, startingCash: 1_000_000 }),
  step: (w, i) => {
    w.clock.advanceBy(60_000);
    if (i % 2 === 0) w.bus.publish('OrderFilled', fillEvent(w, i));
    else w.bus.publish('BarClosed', { type: 'BarClosed', tsEvent: w.clock.now(), tsInit: w.clock.now(), source: 'feed', bar: bar(i) });
  },
  observe: (agent) => agent.snapshot(),
  restartIsNotSeamless: 'its holdings and cash come back from the journal’s projections, not from its checkpoint',
});

describeAgentContract({
  name: 'BarFillVenue',
  create: (ctx) => new BarFillVenue(ctx, [ALPHA]),
  step: (w, i) => {
    w.clock.advanceBy(60_000);
    const b = bar(i);
    if (i % 4 === 0)
      w.agent.submit({
        clientOrderId: `O${i}`,
        instrumentId: ALPHA.id,
        side: i % 8 === 0 ? 'buy' : 'sell',
        type: 'limit',
        quantity: 5 as Quantity,
        limitPrice: Math.round(b.close) as Price,
        timeInForce: 'gtc',
      });
    if (i % 7 === 0) w.agent.cancel(`O${i - 4}`);
    w.bus.publish('BarClosed', { type: 'BarClosed', tsEvent: w.clock.now(), tsInit: w.clock.now(), source: 'feed', bar: b });
  },
});

for (const impl of loadNativeBinding().binding ? (['native', 'ts'] as const) : (['ts'] as const))
  describeAgentContract({
    name: `SimulatedVenue (${impl} book)`,
    create: (ctx) =>
      new SimulatedVenue(
        ctx,
        new SimulatedExchange(
          SIMULATED_INSTRUMENTS.map((x) => x.instrument),
          orderBooks(impl),
        ),
        { latency: { submitMs: 5, cancelMs: 3, jitterMs: 0 } },
      ),
    restartIsNotSeamless: 'the paper exchange’s book does not survive a restart: resting orders are closed, as the venue says',
    step: (w, i) => {
      w.clock.advanceBy(20);
      if (w.agent.state !== 'running') return;
      w.agent.submit({
        clientOrderId: `O${i}`,
        instrumentId: ALPHA.id,
        side: i % 2 === 0 ? 'buy' : 'sell',
        type: 'limit',
        quantity: 10 as Quantity,
        // Alternate sides around 100: some cross what rests, some rest.
        limitPrice: (100 + ((i % 5) - 2) * 0.01) as Price,
        timeInForce: 'gtc',
      });
      if (i % 6 === 5) w.agent.cancel(`O${i - 3}`);
    },
  });

describeAgentContract({
  name: 'BacktestFeed',
  create: (ctx) => new BacktestFeed(ctx, [BarColumns.fromBars(Array.from({ length: 60 }, (_, i) => bar(i) as Bar))]),
  step: (w) => {
    const close = w.agent.nextCloseTs();
    if (close === null || w.agent.state !== 'running') return;
    w.clock.advanceTo(Math.max(w.clock.now(), close));
    w.agent.publishNext();
  },
});

describeAgentContract({
  name: 'TargetTrader',
  create: (ctx) =>
    new TargetTrader(ctx, {
      instruments: [ALPHA],
      book: { equity: () => 1_000_000, holding: () => ({ quantity: 0 }) },
      venue: { openOrders: () => [] },
      enabled: true,
    }),
  step: (w, i) => {
    w.clock.advanceBy(60_000);
    const now = w.clock.now();
    w.bus.publish('TargetsSet', {
      type: 'TargetsSet',
      tsEvent: now,
      tsInit: now,
      source: 'optimizer',
      decisionId: `D${i}`,
      targets: { method: 'volatility-target', ts: now, targets: [{ instrumentId: ALPHA.id, weight: ((i % 5) - 2) / 10, price: 100 + i }] },
    });
  },
});

describeAgentContract({
  name: 'RiskManager',
  create: (ctx) => {
    const portfolio = new PortfolioTracker(ctx, { holdings: new Map(), cash: 1_000_000, fees: 0, startingCash: 1_000_000 });
    portfolio.start();
    return new RiskManager(ctx, {
      venue: quietVenue(),
      portfolio,
      tradingState: { current: { state: 'ACTIVE', reason: 'test', changedAt: 0 } },
      limits: DEFAULT_RISK_LIMITS,
      isKnownClientOrderId: () => false,
    });
  },
  step: (w, i) => {
    w.clock.advanceBy(1_000);
    const now = w.clock.now();
    w.bus.publish('BarClosed', { type: 'BarClosed', tsEvent: now, tsInit: now, source: 'feed', bar: bar(i) });
    if (!w.bus.hasEndpoint(PRE_TRADE_ENDPOINT)) return;
    // Every third order is too large and denied; the others pass.
    w.bus.send(PRE_TRADE_ENDPOINT, {
      type: 'SubmitOrder',
      tsEvent: now,
      tsInit: now,
      source: 'test',
      order: {
        clientOrderId: `R${i}`,
        instrumentId: ALPHA.id,
        side: 'buy',
        type: 'market',
        quantity: (i % 3 === 0 ? 50_000 : 10) as Quantity,
        timeInForce: 'day',
        status: 'initialized',
        filledQuantity: 0 as Quantity,
        createdAt: now,
      },
    });
  },
});

describeAgentContract({
  name: 'ExecutionAgent',
  create: (ctx) => new ExecutionAgent(ctx, { marks: { mark: () => ({ price: 100 }) }, history: () => [], unfinished: () => [] }),
  step: (w, i) => {
    w.clock.advanceBy(2_000);
    if (i % 10 !== 0 || !w.bus.hasEndpoint(EXECUTION_ENDPOINT)) return;
    const now = w.clock.now();
    w.bus.send(EXECUTION_ENDPOINT, {
      type: 'StartAlgo',
      tsEvent: now,
      tsInit: now,
      source: 'test',
      parentId: `P${i}`,
      spec: { instrumentId: ALPHA.id, side: 'buy', quantity: 100, algo: 'twap', durationMs: 20_000, slices: 5 },
    });
  },
  restartIsNotSeamless: 'an algorithm is never resumed by itself: after a restart the parents it was working end interrupted',
});

const modelRecord: ModelRecord = {
  id: 'contract@1',
  name: 'contract',
  version: 1,
  sha256: 'c'.repeat(64),
  fileName: 'contract.onnx',
  sizeBytes: 1,
  schema: { features: ['ret_1', 'ret_5'], window: 3, horizon: 2, output: 'p_up' } as never,
  status: 'active',
  importedAt: 0,
};
describeAgentContract({
  name: 'ModelAnalyst',
  create: (ctx) => {
    const agent = new ModelAnalyst('analyst.model', ctx, {
      runner: { connected: false, predict: () => Promise.reject(new Error('batch mode never calls inference')) },
      regime: { probabilities: () => null },
      // Batch mode: a prediction for every bar, computed "up front" from the bar's time.
      lookup: (_model, _instrument, ts) => 0.5 + 0.4 * Math.sin(ts / 600_000),
    });
    agent.setModels([modelRecord]);
    return agent;
  },
  step: (w, i) => {
    w.clock.advanceBy(60_000);
    const now = w.clock.now();
    w.bus.publish('BarClosed', { type: 'BarClosed', tsEvent: now, tsInit: now, source: 'feed', bar: bar(i) });
  },
  restartIsNotSeamless: 'its feature window is rebuilt from the recorded bars when its models are loaded, not from its checkpoint',
});

// Bars stop for a while every tenth step, and some decisions come late: stale data, resumed data and slow decisions.
describeAgentContract({
  name: 'SessionWatch',
  create: (ctx) => new SessionWatch(ctx, { barIntervalMs: 1_000, checkEveryMs: 1_000 }),
  step: (w, i) => {
    if (i % 10 === 9) return w.clock.advanceBy(20_000);
    closeBar(w, 'SIM:ALPHA', w.clock.now(), 1_000, 100);
    w.clock.advanceBy(i % 7 === 3 ? 3_000 : 100);
    publishDecision(w, 'SIM:ALPHA', `d${i}`);
  },
  restartIsNotSeamless: 'it watches from when it starts: when bars arrived is not kept across a restart',
});
