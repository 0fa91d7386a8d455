import type { Logger } from '../../../shared/logger.ts';
import type { Bar } from '../../../shared/domain/market.ts';
import { orderBooks } from '../../../native/index.ts';
import type { Agent, AgentContext } from '../../engine/agent.ts';
import { MarketSimulator } from './market-simulator.ts';
import { RandomWalkFeed } from './random-walk-feed.ts';
import { SimulatedExchange } from './simulated-exchange.ts';
import { SimulatedVenue } from './simulated-venue.ts';
import { SIMULATED_INSTRUMENTS } from './sim-instruments.ts';

export type FeedKind = 'simulator' | 'random-walk';

export const FEED_LABELS: Record<FeedKind, string> = {
  simulator: 'Simulated market',
  'random-walk': 'Random walk (no order book)',
};

export interface PaperMarket {
  exchange: SimulatedExchange;
  feed: Agent & { resumeFrom(lastBars: readonly Bar[]): void };
  venue: SimulatedVenue;
}

/** The paper exchange, what feeds it, and our venue on it: the market of paper and backtest modes. */
export function buildPaperMarket(
  kind: FeedKind,
  barIntervalMs: number,
  context: (agentId: string) => AgentContext,
  log: Logger,
): PaperMarket {
  const exchange = new SimulatedExchange(
    SIMULATED_INSTRUMENTS.map((i) => i.instrument),
    orderBooks(undefined, (msg) => log.warn(msg)),
  );
  const startPrices = Object.fromEntries(SIMULATED_INSTRUMENTS.map((i) => [i.instrument.id, i.startPrice]));
  const feed =
    kind === 'simulator'
      ? new MarketSimulator(context('venue.market-simulator'), { exchange, startPrices, stepMs: 100, barIntervalMs })
      : new RandomWalkFeed(context('feed.random-walk'), {
          instruments: SIMULATED_INSTRUMENTS,
          intervalMs: barIntervalMs,
          stepsPerBar: 30,
          stepVolatility: 0.0015,
        });
  return { exchange, feed, venue: new SimulatedVenue(context('venue.simulated'), exchange) };
}
