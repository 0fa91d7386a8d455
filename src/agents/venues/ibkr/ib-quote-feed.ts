import { EventName, MarketDataType, type WhatToShow } from '@stoqey/ib';
import type { TradingSession } from '../../../shared/market-data/trading-hours.ts';
import { SessionBarBuilder, type SessionBar } from '../../feeds/session-bars.ts';
import { toPrice, toQuantity } from '../../../shared/domain/branded.ts';
import type { Bar, Quote } from '../../../shared/domain/market.ts';
import type { EventOf } from '../../../shared/messages/events.ts';
import { Agent, type AgentContext, type AgentState } from '../../engine/agent.ts';
import { addTrade, closeBar, newBar, type BarInProgress } from '../../feeds/bar-aggregator.ts';
import type { IbInstrument, IbVenue } from './ib-venue.ts';

/** IB's tick types this feed reads, live and their delayed twins (66–71), by what they carry. */
const TICKS: Record<number, { field: 'bid' | 'ask' | 'last' | 'bidSize' | 'askSize' | 'lastSize'; delayed: boolean }> = {
  1: { field: 'bid', delayed: false },
  2: { field: 'ask', delayed: false },
  4: { field: 'last', delayed: false },
  0: { field: 'bidSize', delayed: false },
  3: { field: 'askSize', delayed: false },
  5: { field: 'lastSize', delayed: false },
  66: { field: 'bid', delayed: true },
  67: { field: 'ask', delayed: true },
  68: { field: 'last', delayed: true },
  69: { field: 'bidSize', delayed: true },
  70: { field: 'askSize', delayed: true },
  71: { field: 'lastSize', delayed: true },
};

/** Market data request ids: far above any order id, since IB reports errors of both by the same number. */
const FIRST_TICKER_ID = 2_000_000_000;
/** Real-time bar request ids, apart from the quotes' and the depth's (2,050,000,000 on). */
const FIRST_REALTIME_ID = 2_100_000_000;
/** IB's real-time bars are 5 seconds long; a session interval that is a multiple of it is built from them. */
const REALTIME_BAR_MS = 5_000;

/** IB's answers to a market data request that say the account may not have this data. */
const NO_DATA_CODES = new Set([354, 10089, 10090, 10168, 10186]);
/** IB: "Requested market data is not subscribed. Displaying delayed market data." */
const DELAYED_CODE = 10167;
/** IB: "Max number of tickers has been reached": every market data line of the account is in use. */
const LINES_CODE = 101;

interface Market {
  ib: IbInstrument;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  /** The last trade's price (LAST tick), waiting for its size (LAST_SIZE). */
  lastPrice: number;
  bar: BarInProgress | null;
  /** IB sends delayed data for it (no subscription): shown labelled, and withheld from live agents unless allowed. */
  delayed: boolean;
  /** The session's bars from IB's 5-second bars, when the interval is a multiple of 5 s. */
  sessionBars: SessionBarBuilder | null;
  /** IB's 5-second bars are coming: they, not the trades, make this instrument's bars. */
  realtime: boolean;
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
  private readonly warned = new Set<string>();
  /** Instruments whose quote changed in the ticks being read: published once at the end of the read. */
  private readonly quotesDue = new Set<Market>();
  /** A live session whose trader has not allowed delayed data for the agents: delayed instruments only show. */
  private readonly withholdDelayed: boolean;

  constructor(
    ctx: AgentContext,
    deps: {
      venue: IbVenue;
      instruments: readonly IbInstrument[];
      barIntervalMs: number;
      /** Live trading without the setting `session.delayedDataToAgents`: delayed data is not given to the agents. */
      withholdDelayed?: boolean;
      /** Each instrument's trading sessions (from IB's trading hours): the boundaries of its bars. */
      sessions?: (instrumentId: string) => readonly TradingSession[];
    },
  ) {
    super('feed.ibkr', ctx);
    this.venue = deps.venue;
    this.barIntervalMs = deps.barIntervalMs;
    this.withholdDelayed = deps.withholdDelayed ?? false;
    const fromRealtime = deps.barIntervalMs % REALTIME_BAR_MS === 0;
    this.markets = deps.instruments.map((ib) => ({
      ib,
      bid: 0,
      ask: 0,
      bidSize: 0,
      askSize: 0,
      lastPrice: 0,
      bar: null,
      delayed: false,
      sessionBars: fromRealtime ? new SessionBarBuilder(deps.barIntervalMs, deps.sessions?.(ib.instrument.id) ?? []) : null,
      realtime: false,
    }));
    const api = deps.venue.api;
    api.on(EventName.realtimeBar, (id: number, time: number, open: number, high: number, low: number, close: number, volume: number) => {
      const m = this.markets[id - FIRST_REALTIME_ID];
      if (!m?.sessionBars || this.state !== 'running' || !(close > 0)) return;
      m.realtime = true;
      for (const bar of m.sessionBars.add({ ts: time * 1000, open, high, low, close, volume: Number(volume) }))
        this.publishSessionBar(m, bar);
    });
    api.on(EventName.marketDataType, (id: number, type: number) => {
      const m = this.market(id);
      if (m) this.setDelayed(m, type === MarketDataType.DELAYED || type === MarketDataType.DELAYED_FROZEN);
    });
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
    return m ? this.quoteOf(m) : null;
  }

  private quoteOf(m: Market): Quote | null {
    if (!(m.bid > 0 && m.ask > 0)) return null;
    const tick = m.ib.instrument.tickSize;
    return {
      instrumentId: m.ib.instrument.id,
      ts: this.ctx.clock.now(),
      bid: toPrice(m.bid, tick),
      bidSize: toQuantity(m.bidSize),
      ask: toPrice(m.ask, tick),
      askSize: toQuantity(m.askSize),
      ...(m.delayed ? { delayed: true } : {}),
    };
  }

  private subscribe(): void {
    // Delayed where the account has no subscription (IB says so, 10167), live where it has one.
    this.venue.api.reqMarketDataType(MarketDataType.DELAYED);
    this.markets.forEach((m, i) => this.venue.api.reqMktData(FIRST_TICKER_ID + i, m.ib.contract, '', false, false));
    this.markets.forEach((m, i) => {
      if (m.sessionBars) this.venue.api.reqRealTimeBars(FIRST_REALTIME_ID + i, m.ib.contract, 5, 'TRADES' as WhatToShow, false, []);
    });
  }

  /** A bar of the session's interval made of IB's 5-second bars. */
  private publishSessionBar(m: Market, b: SessionBar): void {
    if (!this.forAgents(m)) return;
    const tick = m.ib.instrument.tickSize;
    this.publish({
      type: 'BarClosed',
      tsEvent: b.end,
      tsInit: this.ctx.clock.now(),
      source: this.id,
      bar: {
        instrumentId: m.ib.instrument.id,
        intervalMs: this.barIntervalMs,
        ts: b.ts,
        open: toPrice(b.open, tick),
        high: toPrice(b.high, tick),
        low: toPrice(b.low, tick),
        close: toPrice(b.close, tick),
        volume: toQuantity(b.volume),
      },
    });
  }

  private market(tickerId: number): Market | undefined {
    return this.markets[tickerId - FIRST_TICKER_ID];
  }

  private ticks(m: Market, price: number): number {
    return Math.round(price / m.ib.instrument.tickSize);
  }

  private onPrice(tickerId: number, type: number, value: number): void {
    const m = this.market(tickerId);
    const tick = TICKS[type];
    if (!m || !tick || this.state !== 'running' || !(value > 0)) return;
    this.venue.marketDataFlowing();
    this.setDelayed(m, tick.delayed);
    if (tick.field === 'bid') m.bid = value;
    else if (tick.field === 'ask') m.ask = value;
    else if (tick.field === 'last') m.lastPrice = value;
    if (tick.field === 'bid' || tick.field === 'ask') this.publishQuote(m);
  }

  private onSize(tickerId: number, type: number, value: number): void {
    const m = this.market(tickerId);
    const tick = TICKS[type];
    if (!m || !tick || this.state !== 'running') return;
    if (tick.field === 'bidSize') m.bidSize = value;
    else if (tick.field === 'askSize') m.askSize = value;
    else if (tick.field === 'lastSize' && m.lastPrice > 0 && value > 0) this.publishTrade(m, m.lastPrice, value);
    if (tick.field === 'bidSize' || tick.field === 'askSize') this.publishQuote(m);
  }

  /** Whether the agents get this instrument's data: not delayed data in a live session, unless the trader allowed it. */
  private forAgents(m: Market): boolean {
    return !(m.delayed && this.withholdDelayed);
  }

  private setDelayed(m: Market, delayed: boolean): void {
    if (m.delayed === delayed) return;
    m.delayed = delayed;
    if (!delayed) return;
    const symbol = m.ib.instrument.symbol;
    this.sayOnce(`delayed:${m.ib.instrument.id}`, {
      severity: this.withholdDelayed ? 'warning' : 'info',
      code: 'IB_DELAYED_DATA',
      message: this.withholdDelayed
        ? `${symbol}: IB sends delayed data (the account has no market data subscription for it). It is shown, labelled DELAYED, and not given to the agents trading live: the setting session.delayedDataToAgents allows it`
        : `${symbol}: IB sends delayed data (the account has no market data subscription for it): shown and used labelled DELAYED`,
      detail: { instrumentId: m.ib.instrument.id },
    });
  }

  /**
   * IB sends a quote as four ticks (bid, ask and their sizes), usually in one read from the socket:
   * the quote is published once they are all in (at the end of the read), not once per tick.
   */
  private publishQuote(m: Market): void {
    if (!this.forAgents(m)) return;
    if (this.quotesDue.size === 0) queueMicrotask(() => this.flushQuotes());
    this.quotesDue.add(m);
  }

  private flushQuotes(): void {
    for (const m of this.quotesDue) {
      const quote = this.state === 'running' ? this.quoteOf(m) : null;
      if (quote) this.publish({ type: 'QuoteUpdated', tsEvent: quote.ts, tsInit: quote.ts, source: this.id, quote });
    }
    this.quotesDue.clear();
  }

  private publishTrade(m: Market, price: number, quantity: number): void {
    if (!this.forAgents(m)) return;
    // The quote before the trade, as IB sent them.
    this.flushQuotes();
    const priceTicks = this.ticks(m, price);
    // Bars come from IB's 5-second bars once they flow; from the trades until then.
    if (!m.realtime) {
      m.bar ??= newBar(priceTicks);
      addTrade(m.bar, priceTicks, quantity);
    }
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
      if (m.realtime) {
        for (const bar of m.sessionBars!.due(now)) this.publishSessionBar(m, bar);
        continue;
      }
      if (!m.bar || !this.forAgents(m)) continue;
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

  /** No data for an instrument, or delayed data, or no line left: said once per instrument, in IB's words (never a silent empty chart). */
  private onError(text: string, code: number, tickerId: number): void {
    const m = this.market(tickerId);
    if (!m) return;
    const { id, symbol } = m.ib.instrument;
    if (code === DELAYED_CODE) return this.setDelayed(m, true);
    if (code === LINES_CODE)
      return this.sayOnce(`lines:${id}`, {
        severity: 'warning',
        code: 'IB_MARKET_DATA_LINES',
        message: `no market data for ${symbol}: every market data line of the IB account is in use (IB ${code}: ${text}). List fewer instruments, or add lines at IB`,
        detail: { instrumentId: id, code },
      });
    if (NO_DATA_CODES.has(code))
      this.sayOnce(`none:${id}`, {
        severity: 'warning',
        code: 'ib-market-data',
        message: `no market data for ${symbol} from Interactive Brokers: IB ${code}: ${text}`,
        detail: { instrumentId: id, code },
      });
  }

  private sayOnce(key: string, alert: Pick<EventOf<'AlertRaised'>, 'severity' | 'code' | 'message' | 'detail'>): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.raiseAlert(alert);
  }
}
