import type { Logger } from '../../../shared/logger.ts';
import type { Bar, Quote } from '../../../shared/domain/market.ts';
import type { BarColumns } from '../../../shared/market-data/bar-columns.ts';
import type { BrokerConnection } from '../../../shared/contracts/system.contract.ts';
import type { Instrument, InstrumentId } from '../../../shared/domain/instrument.ts';
import { orderBooks } from '../../../native/index.ts';
import type { Agent, AgentContext } from '../../engine/agent.ts';
import type { Venue } from '../venue.ts';
import { BarFillVenue } from './bar-fill-venue.ts';
import { BarReplayFeed } from '../../feeds/bar-replay-feed.ts';
import { BacktestFeed } from '../../feeds/backtest-feed.ts';
import { MarketSimulator } from './market-simulator.ts';
import { RandomWalkFeed } from '../../feeds/random-walk-feed.ts';
import { SimulatedExchange } from './simulated-exchange.ts';
import { SimulatedVenue } from './simulated-venue.ts';
import type { Headline, NewsArticle } from '../../../shared/domain/news.ts';
import { SIMULATED_INSTRUMENTS } from './sim-instruments.ts';

/** What moves prices in paper and backtest modes. */
export type FeedSpec =
  | { kind: 'simulator' }
  | { kind: 'random-walk' }
  | { kind: 'replay'; name: string; bars: readonly Bar[]; speed: number; instrument: Instrument }
  | { kind: 'backtest'; series: readonly { instrument: Instrument; bars: BarColumns }[] };

/** What a session trades on: its instruments, what moves their prices, and the venue (simulated or a broker). */
export interface PaperMarket {
  instruments: Instrument[];
  /** The order books, or null where only bars exist (a replay). */
  exchange: SimulatedExchange | null;
  feed: Agent & { resumeFrom(lastBars: readonly Bar[]): void };
  venue: Agent & Venue & { restingByPrice(instrumentId: string): Map<string, number> };
  label: string;
  /** A broker's best bid and ask, for the ladder where there is no book of our own (Interactive Brokers). */
  topOfBook?: (instrumentId: string) => Quote | null;
  /** A broker's market depth for the ladder, best first (null: none, and `depthRefusal` may say why). */
  brokerDepth?: (instrumentId: string) => { bids: { price: number; size: number }[]; asks: { price: number; size: number }[] } | null;
  /** Why the broker gives no depth for an instrument (its refusal in its words), or null. */
  depthRefusal?: (instrumentId: string) => string | null;
  /** A broker's connection, as the connection panel shows it (none for the simulated venues). */
  connection?: () => BrokerConnection;
  /** The backtest's feed, which the runner steps (backtest spec only). */
  backtest?: BacktestFeed;
  /** A broker's news, each headline as it arrives (Interactive Brokers). */
  headlines?: (listener: (h: Headline) => void) => void;
  /** The article behind a broker's headline, or IB's words why not. */
  newsArticle?: (article: { provider: string; id: string }) => Promise<{ ok: true; value: NewsArticle } | { ok: false; error: string }>;
}

/** An instrument for a replayed file: `REPLAY:<NAME>`, with the tick its prices are quoted in. */
export function replayInstrument(name: string, tickSize = 0.01): Instrument {
  const symbol = name
    .replace(/\.[^.]*$/, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-');
  return { id: `REPLAY:${symbol}` as InstrumentId, symbol, venue: 'REPLAY', currency: 'USD', tickSize, lotSize: 1 };
}

/** The paper exchange or replay, what feeds it, and our venue on it. */
export function buildPaperMarket(
  spec: FeedSpec,
  barIntervalMs: number,
  context: (agentId: string) => AgentContext,
  log: Logger,
): PaperMarket {
  if (spec.kind === 'backtest') {
    const feed = new BacktestFeed(
      context('feed.backtest'),
      spec.series.map((s) => s.bars),
    );
    return {
      instruments: spec.series.map((s) => s.instrument),
      exchange: null,
      feed,
      venue: new BarFillVenue(
        context('venue.bar-fill'),
        spec.series.map((s) => s.instrument),
      ),
      label: `Backtest of ${spec.series.map((s) => s.instrument.symbol).join(', ')}`,
      backtest: feed,
    };
  }
  if (spec.kind === 'replay') {
    return {
      instruments: [spec.instrument],
      exchange: null,
      feed: new BarReplayFeed(context('feed.bar-replay'), { bars: spec.bars, speed: spec.speed }),
      venue: new BarFillVenue(context('venue.bar-fill'), [spec.instrument]),
      label: `Replay of ${spec.name} (${spec.speed}×)`,
    };
  }
  const instruments = SIMULATED_INSTRUMENTS.map((i) => i.instrument);
  const exchange = new SimulatedExchange(
    instruments,
    orderBooks(undefined, (msg) => log.warn(msg)),
  );
  const startPrices = Object.fromEntries(SIMULATED_INSTRUMENTS.map((i) => [i.instrument.id, i.startPrice]));
  const feed =
    spec.kind === 'simulator'
      ? new MarketSimulator(context('venue.market-simulator'), { exchange, startPrices, stepMs: 100, barIntervalMs })
      : new RandomWalkFeed(context('feed.random-walk'), {
          instruments: SIMULATED_INSTRUMENTS,
          intervalMs: barIntervalMs,
          stepsPerBar: 30,
          stepVolatility: 0.0015,
        });
  return {
    instruments,
    exchange,
    feed,
    venue: new SimulatedVenue(context('venue.simulated'), exchange),
    label: spec.kind === 'simulator' ? 'Simulated market' : 'Random walk (no order flow)',
  };
}
