import { toQuantity } from '../../../shared/domain/branded.ts';
import type { Instrument, InstrumentId } from '../../../shared/domain/instrument.ts';
import type { Bar, Quote } from '../../../shared/domain/market.ts';
import { Agent, type AgentContext, type AgentState } from '../../engine/agent.ts';
import { SIDE, type BookSide, type BookTrade } from '../../../native/index.ts';
import { addTrade, closeBar, newBar, type BarInProgress } from '../../feeds/bar-aggregator.ts';
import { crowdStep, DEFAULT_CROWD_FLOW, seedBook, type CrowdFlowParams } from './crowd-flow.ts';
import { DEFAULT_LATENT_PRICE, stepLatentPrice, type LatentPriceParams } from './latent-price.ts';
import { isOurs, type SimulatedExchange } from './simulated-exchange.ts';

export interface MarketSimulatorConfig {
  exchange: SimulatedExchange;
  startPrices: Readonly<Record<string, number>>;
  stepMs: number;
  barIntervalMs: number;
  price?: LatentPriceParams;
  flow?: CrowdFlowParams;
}

interface MarketState {
  fair: number;
  volatile: boolean;
  live: number[];
  bar: BarInProgress;
  quote: string;
}

/**
 * The simulated market (DESIGN.md §3, paper mode): for every instrument a latent fair price with
 * regime-switching volatility and occasional jumps, and a crowd sending limit, market and cancel
 * orders around it into the exchange's books. Quotes, the tape and bars come from what actually
 * trades, our own orders included.
 */
export class MarketSimulator extends Agent {
  private readonly config: MarketSimulatorConfig;
  private markets = new Map<string, MarketState>();
  private nextId = 1;

  constructor(ctx: AgentContext, config: MarketSimulatorConfig) {
    super('venue.market-simulator', ctx);
    this.config = config;
    config.exchange.onTrade((id, trade, side) => this.onExchangeTrade(id, trade, side));
    this.onReset();
  }

  /** The simulator's notion of the fair price (for tests and diagnostics), in price units. */
  fairPrice(instrumentId: InstrumentId): number {
    const m = this.markets.get(instrumentId)!;
    return m.fair * this.instrument(instrumentId).tickSize;
  }

  protected override onStart(): void {
    const rnd = this.ctx.random;
    for (const instrument of this.config.exchange.instruments()) {
      const m = this.markets.get(instrument.id)!;
      if (this.config.exchange.book(instrument.id).orderCount() === 0) {
        seedBook(this.config.exchange, instrument.id, m.fair, m, rnd, () => this.nextId++);
      }
    }
    this.every(this.config.stepMs, () => this.step());
    this.every(this.config.barIntervalMs, () => this.closeBars());
  }

  protected override onReset(): void {
    this.nextId = 1;
    this.markets = new Map();
    for (const instrument of this.config.exchange.instruments()) {
      const fair = this.config.startPrices[instrument.id]! / instrument.tickSize;
      this.markets.set(instrument.id, { fair, volatile: false, live: [], bar: newBar(Math.round(fair)), quote: '' });
      this.config.exchange.restore(instrument.id, []);
    }
  }

  /**
   * Continues from the newest recorded bars when they are newer than the checkpoint (the process
   * may have died between checkpoints): the fair price starts at their close.
   */
  resumeFrom(lastBars: readonly Bar[]): void {
    for (const bar of lastBars) {
      const m = this.markets.get(bar.instrumentId);
      if (!m || (m.bar.lastTs !== null && bar.ts <= m.bar.lastTs)) continue;
      const ticks = bar.close / this.instrument(bar.instrumentId).tickSize;
      m.fair = ticks;
      m.bar = { ...newBar(Math.round(ticks)), lastTs: bar.ts };
    }
  }

  override saveState(): AgentState {
    const markets: Record<string, AgentState> = {};
    for (const [id, m] of this.markets) {
      markets[id] = {
        fair: m.fair,
        volatile: m.volatile,
        live: m.live,
        bar: { ...m.bar },
        quote: m.quote,
        book: this.config.exchange.restingOrders(id as InstrumentId, true),
      };
    }
    return { random: this.ctx.random.getState().map((n) => (Number.isNaN(n) ? null : n)), nextId: this.nextId, markets };
  }

  override loadState(state: AgentState): void {
    const s = state as unknown as {
      random: (number | null)[];
      nextId: number;
      markets: Record<string, MarketState & { book: number[][] }>;
    };
    this.ctx.random.setState(s.random.map((n) => n ?? Number.NaN));
    this.nextId = s.nextId;
    for (const [id, m] of Object.entries(s.markets)) {
      if (!this.markets.has(id)) continue;
      this.markets.set(id, { fair: m.fair, volatile: m.volatile, live: [...m.live], bar: { ...m.bar }, quote: m.quote });
      this.config.exchange.restore(id as InstrumentId, m.book);
    }
  }

  private step(): void {
    const dt = this.config.stepMs / 1000;
    const rnd = this.ctx.random;
    for (const instrument of this.config.exchange.instruments()) {
      const m = this.markets.get(instrument.id)!;
      stepLatentPrice(m, this.config.price ?? DEFAULT_LATENT_PRICE, dt, rnd);
      crowdStep(this.config.exchange, instrument.id, m.fair, m, this.config.flow ?? DEFAULT_CROWD_FLOW, dt, rnd, () => this.nextId++);
      this.publishQuote(instrument.id, m);
    }
  }

  private publishQuote(instrumentId: InstrumentId, m: MarketState): void {
    const now = this.ctx.clock.now();
    const quote: Quote | null = this.config.exchange.quote(instrumentId, now);
    if (!quote) return;
    const key = `${quote.bid}/${quote.bidSize}/${quote.ask}/${quote.askSize}`;
    if (key === m.quote) return;
    m.quote = key;
    this.publish({ type: 'QuoteUpdated', tsEvent: now, tsInit: now, source: this.id, quote });
  }

  private onExchangeTrade(instrumentId: InstrumentId, trade: BookTrade, takerSide: BookSide): void {
    const m = this.markets.get(instrumentId);
    if (!m || this.state !== 'running') return;
    addTrade(m.bar, trade.price, trade.qty);
    const now = this.ctx.clock.now();
    this.publish({
      type: 'TradePrinted',
      tsEvent: now,
      tsInit: now,
      source: this.id,
      instrumentId,
      price: this.config.exchange.fromTicks(instrumentId, trade.price),
      quantity: toQuantity(trade.qty),
      aggressor: takerSide === SIDE.buy ? 'buy' : 'sell',
      ours: isOurs(trade.taker) || isOurs(trade.maker),
    });
  }

  private closeBars(): void {
    const now = this.ctx.clock.now();
    for (const instrument of this.config.exchange.instruments()) {
      this.publish(
        closeBar(this.markets.get(instrument.id)!.bar, {
          instrumentId: instrument.id,
          intervalMs: this.config.barIntervalMs,
          now,
          source: this.id,
          price: (ticks) => this.config.exchange.fromTicks(instrument.id, ticks),
        }),
      );
    }
  }

  private instrument(id: InstrumentId): Instrument {
    return this.config.exchange.instruments().find((i) => i.id === id)!;
  }
}
