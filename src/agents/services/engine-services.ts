import type { MetricsReader } from '../engine/metrics-summary.ts';
import { auditContract } from '../../shared/contracts/audit.contract.ts';
import { marketContract } from '../../shared/contracts/market.contract.ts';
import { systemContract } from '../../shared/contracts/system.contract.ts';
import { tradingContract } from '../../shared/contracts/trading.contract.ts';
import { UPLOAD_CHUNK_BYTES, uploadsContract } from '../../shared/contracts/uploads.contract.ts';
import { verifyChain } from '../store/chain.ts';
import type { Kernel } from '../engine/kernel.ts';
import type { VenueMode } from '../../shared/domain/venue.ts';

/** The engine side of shared/contracts: what the UI may ask. */
/** What the system, trading, market, audit and upload services use of the kernel, and nothing more. */
export type EngineServiceDeps = Pick<
  Kernel,
  | 'services'
  | 'store'
  | 'clock'
  | 'dispatch'
  | 'market'
  | 'trades'
  | 'risk'
  | 'tradingState'
  | 'inference'
  | 'recentTrades'
  | 'uploads'
  | 'options'
  | 'sessionId'
  | 'startedAt'
>;

export function registerEngineServices(kernel: EngineServiceDeps, metrics: MetricsReader | null = null): void {
  const { services, store, clock } = kernel;

  services.register(systemContract, {
    info: () => ({
      version: kernel.options.version ?? '0.0.0',
      mode: kernel.options.mode,
      venueMode: venueModeOf(kernel),
      venue: kernel.market.venue.name,
      feed: kernel.market.label,
      seed: kernel.options.seed,
      sessionId: kernel.sessionId,
      dataFile: store.file,
      startedAt: kernel.startedAt,
      nativeBook: kernel.market.exchange?.factory.impl === 'native',
    }),
    health: async () => ({
      inference: await kernel.inference.check(),
      journalSeq: store.journal.headSeq,
      broker: kernel.market.connection?.() ?? null,
    }),
    metrics: () => metrics?.summary(kernel.startedAt) ?? null,
  });

  services.register(uploadsContract, {
    begin: ({ fileName, totalBytes }) => ({ uploadId: kernel.uploads.begin(fileName, totalBytes), chunkBytes: UPLOAD_CHUNK_BYTES }),
    chunk: ({ uploadId, offset, dataBase64 }) => ({ received: kernel.uploads.chunk(uploadId, offset, dataBase64) }),
  });

  services.register(tradingContract, {
    getState: () => kernel.tradingState.current,
    halt: ({ reason, flatten }) => {
      const result = kernel.risk.engageKillSwitch(reason, flatten);
      return { ...kernel.tradingState.current, canceled: result.canceled, flattening: result.flattening };
    },
    resume: ({ reason }) => {
      const now = clock.now();
      kernel.dispatch({ type: 'ResumeTrading', tsEvent: now, tsInit: now, source: 'trader', reason });
      return kernel.tradingState.current;
    },
  });

  services.register(marketContract, {
    instruments: () => kernel.market.instruments,
    bars: ({ instrumentId, limit }) => store.bars.latest(instrumentId, limit),
    depth: ({ instrumentId, levels }) => {
      const { exchange, venue } = kernel.market;
      if (!kernel.trades(instrumentId)) throw new Error(`unknown instrument ${instrumentId}`);
      const ours = venue.restingByPrice(instrumentId);
      if (!exchange) return brokerLadder(kernel.market, instrumentId, levels, ours, clock.now());
      const ladder = (side: 0 | 1) =>
        exchange
          .book(instrumentId)
          .depth(side, levels)
          .map((l) => {
            const price = exchange.fromTicks(instrumentId, l.price);
            return { price, quantity: l.qty, orders: l.count, ours: ours.get(`${side === 0 ? 'buy' : 'sell'}:${price}`) ?? 0 };
          });
      return { bids: ladder(0), asks: ladder(1), ts: clock.now(), source: 'book' as const, note: null, delayed: false };
    },
    trades: ({ instrumentId, limit }) => kernel.recentTrades.latest(instrumentId, limit),
  });

  services.register(auditContract, {
    recent: ({ limit }) => store.journal.recent(limit),
    verify: () => verifyChain(store.journal.rows()),
  });
}

/**
 * A broker's ladder: its depth where it gives it (IB's rows, orders unknown: 0), else its best bid
 * and ask, said so; and the prices where our own orders rest with the broker's size unknown there
 * (0), so the trader sees every working order of ours on it. Delayed data is labelled.
 */
function brokerLadder(market: EngineServiceDeps['market'], instrumentId: string, levels: number, ours: Map<string, number>, ts: number) {
  const quote = market.topOfBook?.(instrumentId) ?? null;
  const depth = market.brokerDepth?.(instrumentId) ?? null;
  const rows = (name: 'buy' | 'sell'): { price: number; quantity: number }[] => {
    if (depth) return (name === 'buy' ? depth.bids : depth.asks).slice(0, levels).map((l) => ({ price: l.price, quantity: l.size }));
    const best = quote && (name === 'buy' ? { price: quote.bid, quantity: quote.bidSize } : { price: quote.ask, quantity: quote.askSize });
    return best ? [best] : [];
  };
  const refusal = market.depthRefusal?.(instrumentId) ?? null;
  return {
    bids: ladderSide('buy', rows('buy'), ours),
    asks: ladderSide('sell', rows('sell'), ours),
    ts,
    source: depth ? ('depth' as const) : ('top' as const),
    note: depth ? null : refusal ? `top of book only: ${refusal}` : 'top of book only: no depth from the broker yet',
    delayed: quote?.delayed ?? false,
  };
}

/** One side of a broker's ladder: its rows, and our resting orders' prices beside them, best first. */
function ladderSide(name: 'buy' | 'sell', rows: readonly { price: number; quantity: number }[], ours: Map<string, number>) {
  const levels = new Map<number, number>(rows.map((r) => [r.price, r.quantity]));
  for (const key of ours.keys()) {
    const [s, price] = key.split(':');
    if (s === name && !levels.has(Number(price))) levels.set(Number(price), 0);
  }
  return [...levels]
    .map(([price, quantity]) => ({ price, quantity, orders: 0, ours: ours.get(`${name}:${price}`) ?? 0 }))
    .sort((a, b) => (name === 'buy' ? b.price - a.price : a.price - b.price));
}

/** Which of the trader's three modes this session is: the simulated market, or an IB paper or live account. */
function venueModeOf(kernel: EngineServiceDeps): VenueMode {
  if (!kernel.market.connection) return 'sim';
  return kernel.options.mode === 'live' ? 'ib-live' : 'ib-paper';
}
