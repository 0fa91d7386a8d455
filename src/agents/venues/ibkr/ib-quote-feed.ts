import { EventName, MarketDataType } from '@stoqey/ib';
import { toPrice, toQuantity } from '../../../shared/domain/branded.ts';
import type { Bar, Quote } from '../../../shared/domain/market.ts';
import { Agent, type AgentContext, type AgentState } from '../../engine/agent.ts';
import { addTrade, closeBar, newBar, type BarInProgress } from '../../feeds/bar-aggregator.ts';
import type { IbInstrument, IbVenue } from './ib-venue.ts';

/** IB's tick types this feed reads (live, and their delayed twins are not asked for). */
const TICK = { bidSize: 0, bid: 1, ask: 2, askSize: 3, last: 4, lastSize: 5 } as const;

/** Market data request ids: far above any order id, since IB reports errors of both by the same number. */
const FIRST_TICKER_ID = 2_000_000_000;

/** IB's answers to a market data request that say the account may not have this data. */
const NO_DATA_CODES = new Set([354, 10089, 10090, 10167, 10168, 10186]);

interface Market {
  ib: IbInstrument;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  /** The last trade's price (LAST tick), waiting for its size (LAST_SIZE). */
  lastPrice: number;
  bar: BarInProgress | null;
}

/**
 * Quotes, trades and bars of the session's instruments from the IB connection the venue holds
 * (one client id): `reqMktData` for each instrument on every connect and after 1101, bid/ask as
 * `QuoteUpdated`, each last trade as `TradePrinted`, and bars of the session's interval built from
 * those trades (flat at the last price when nothing traded). Prices are in the instrument's ticks.
 */
export class IbQuoteFeed extends Agent {
  private readonly venue: IbVenue;
  private readonly barIntervalMs: number;
  private readonly markets: Market[];
  private readonly warned = new Set<number>();

  constructor(ctx: AgentContext, deps: { venue: IbVenue; instruments: readonly IbInstrument[]; barIntervalMs: number }) {
    super('feed.ibkr', ctx);
    this.venue = deps.venue;
    this.barIntervalMs = deps.barIntervalMs;
    this.markets = deps.instruments.map((ib) => ({ ib, bid: 0, ask: 0, bidSize: 0, askSize: 0, lastPrice: 0, bar: null }));
    const api = deps.venue.api;
    api.on(EventName.tickPrice, (id: number, field: number, value: number) => this.onPrice(id, field, value));
    api.on(EventName.tickSize, (id: number, field?: number, value?: number) => this.onSize(id, field ?? -1, value ?? 0));
    api.on(EventName.error, (err: Error, code: number, id: number) => this.onError(err.message, code, id));
    deps.venue.onSession(() => this.subscribe());
  }

  protected override onStart(): void {
    this.every(this.barIntervalMs, () => this.closeBars());
  }

  override saveState(): AgentState {
    return { lastTs: Object.fromEntries(this.markets.map((m) => [m.ib.instrument.id, m.bar?.lastTs ?? null])) };
  }

  override loadState(): void {}

  /** Bars continue after the newest recorded one, from its close until IB prints a trade. */
  resumeFrom(lastBars: readonly Bar[]): void {
    for (const bar of lastBars) {
      const m = this.markets.find((x) => x.ib.instrument.id === bar.instrumentId);
      if (!m) continue;
      m.bar = { ...newBar(this.ticks(m, bar.close)), lastTs: bar.ts };
    }
  }

  /** The latest bid and ask of an instrument, or null before IB sent both. */
  quote(instrumentId: string): Quote | null {
    const m = this.markets.find((x) => x.ib.instrument.id === instrumentId);
    if (!m || !(m.bid > 0 && m.ask > 0)) return null;
    const tick = m.ib.instrument.tickSize;
    return {
      instrumentId: m.ib.instrument.id,
      ts: this.ctx.clock.now(),
      bid: toPrice(m.bid, tick),
      bidSize: toQuantity(m.bidSize),
      ask: toPrice(m.ask, tick),
      askSize: toQuantity(m.askSize),
    };
  }

  private subscribe(): void {
    this.venue.api.reqMarketDataType(MarketDataType.REALTIME);
    this.markets.forEach((m, i) => this.venue.api.reqMktData(FIRST_TICKER_ID + i, m.ib.contract, '', false, false));
  }

  private market(tickerId: number): Market | undefined {
    return this.markets[tickerId - FIRST_TICKER_ID];
  }

  private ticks(m: Market, price: number): number {
    return Math.round(price / m.ib.instrument.tickSize);
  }

  private onPrice(tickerId: number, field: number, value: number): void {
    const m = this.market(tickerId);
    if (!m || this.state !== 'running' || !(value > 0)) return;
    this.venue.marketDataFlowing();
    if (field === TICK.bid) m.bid = value;
    else if (field === TICK.ask) m.ask = value;
    else if (field === TICK.last) m.lastPrice = value;
    if (field === TICK.bid || field === TICK.ask) this.publishQuote(m);
  }

  private onSize(tickerId: number, field: number, value: number): void {
    const m = this.market(tickerId);
    if (!m || this.state !== 'running') return;
    if (field === TICK.bidSize) m.bidSize = value;
    else if (field === TICK.askSize) m.askSize = value;
    else if (field === TICK.lastSize && m.lastPrice > 0 && value > 0) this.publishTrade(m, m.lastPrice, value);
    if (field === TICK.bidSize || field === TICK.askSize) this.publishQuote(m);
  }

  private publishQuote(m: Market): void {
    const quote = this.quote(m.ib.instrument.id);
    if (quote) this.publish({ type: 'QuoteUpdated', tsEvent: quote.ts, tsInit: quote.ts, source: this.id, quote });
  }

  private publishTrade(m: Market, price: number, quantity: number): void {
    const priceTicks = this.ticks(m, price);
    m.bar ??= newBar(priceTicks);
    addTrade(m.bar, priceTicks, quantity);
    const now = this.ctx.clock.now();
    this.publish({
      type: 'TradePrinted',
      tsEvent: now,
      tsInit: now,
      source: this.id,
      instrumentId: m.ib.instrument.id,
      price: toPrice(price, m.ib.instrument.tickSize),
      quantity: toQuantity(quantity),
      // IB does not say who took: at or above the ask a buyer did, at or below the bid a seller.
      aggressor: m.bid > 0 && price <= m.bid ? 'sell' : 'buy',
      ours: false,
    });
  }

  private closeBars(): void {
    const now = this.ctx.clock.now();
    for (const m of this.markets) {
      if (!m.bar) continue;
      const tick = m.ib.instrument.tickSize;
      this.publish(
        closeBar(m.bar, {
          instrumentId: m.ib.instrument.id,
          intervalMs: this.barIntervalMs,
          now,
          source: this.id,
          price: (ticks) => toPrice(ticks * tick, tick),
        }),
      );
    }
  }

  /** No data for an instrument: said once per instrument, in IB's words (never a silent empty chart). */
  private onError(text: string, code: number, tickerId: number): void {
    const m = this.market(tickerId);
    if (!m || !NO_DATA_CODES.has(code) || this.warned.has(tickerId)) return;
    this.warned.add(tickerId);
    this.raiseAlert({
      severity: 'warning',
      code: 'ib-market-data',
      message: `no market data for ${m.ib.instrument.symbol} from Interactive Brokers: IB ${code}: ${text}`,
      detail: { instrumentId: m.ib.instrument.id, code },
    });
  }
}
