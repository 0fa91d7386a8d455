import type { TradingStatus } from '../../shared/contracts/trading.contract.ts';
import { RandomWalkFeed } from '../venues/simulated/random-walk-feed.ts';
import { SIMULATED_INSTRUMENTS } from '../venues/simulated/sim-instruments.ts';
import { TradingStateAgent, TRADING_STATE_ENDPOINT } from '../risk/trading-state-agent.ts';
import { describeAgentContract } from './agent-contract.test-helper.ts';

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
