import type { EventOf } from '../../shared/messages/events.ts';
import { tradingDay } from '../../shared/market-data/trading-hours.ts';
import { Agent, type AgentContext, type AgentState } from '../engine/agent.ts';
import { applyFill, cashMovedBy, FLAT, holdingFromFills, unrealizedPnl, type FillAmount, type Holding } from './position-math.ts';

export interface PositionView {
  instrumentId: string;
  /** Signed: long > 0, short < 0. */
  quantity: number;
  averagePrice: number;
  mark: number | null;
  markTs: number | null;
  marketValue: number;
  unrealizedPnl: number;
  realizedPnl: number;
}

export interface PortfolioSnapshot {
  startingCash: number;
  cash: number;
  fees: number;
  equity: number;
  grossExposure: number;
  netExposure: number;
  dailyPnl: number;
  dayStartEquity: number;
  peakEquity: number;
  /** Fall from the peak, as a fraction of the peak. */
  drawdown: number;
  positions: PositionView[];
}

/** Sees a position: its holding, its mark (if any) and its market value; returns true to stop. */
type PositionVisitor = (instrumentId: string, h: Holding, mark: { price: number; ts: number } | undefined, value: number) => boolean | void;

/**
 * Positions, cash and marks as the engine sees them between fills: loaded from the projections at
 * start, moved by OrderFilled, marked by trades and bars. Peak equity and the day's starting equity
 * are checkpointed, so drawdown and daily P&L survive a restart.
 */
export class PortfolioTracker extends Agent {
  private holdings: Map<string, Holding>;
  private cash: number;
  private fees: number;
  private readonly startingCash: number;
  private readonly marks = new Map<string, { price: number; ts: number }>();
  private sorted: { of: Map<string, Holding> | null; ids: string[] } = { of: null, ids: [] };
  private peakEquity: number;
  private day = -1;
  private dayStartEquity: number;
  private readonly initial: { holdings: Map<string, Holding>; cash: number; fees: number };
  private readonly fillsOf: ((instrumentId: string) => (FillAmount & { fillId: string })[]) | undefined;
  /** The time zone whose calendar days the daily P&L follows (the portfolio's exchange); UTC when none. */
  private readonly timeZone: string | undefined;

  /**
   * `fillsOf` reads an instrument's journaled fills, oldest first: a broker's correction of a fill
   * restates the position from them. `timeZone`: the exchange whose trading day the daily P&L and
   * the daily loss limit follow.
   */
  constructor(
    ctx: AgentContext,
    start: { holdings: Map<string, Holding>; cash: number; fees: number; startingCash: number },
    fillsOf?: (instrumentId: string) => (FillAmount & { fillId: string })[],
    timeZone?: string,
  ) {
    super('portfolio.tracker', ctx);
    this.fillsOf = fillsOf;
    this.timeZone = timeZone;
    this.initial = { holdings: new Map(start.holdings), cash: start.cash, fees: start.fees };
    this.holdings = new Map(start.holdings);
    this.cash = start.cash;
    this.fees = start.fees;
    this.startingCash = start.startingCash;
    this.peakEquity = this.dayStartEquity = this.equity();
  }

  holding(instrumentId: string): Holding {
    return this.holdings.get(instrumentId) ?? FLAT;
  }

  mark(instrumentId: string): { price: number; ts: number } | null {
    return this.marks.get(instrumentId) ?? null;
  }

  /** The instrument's weight in the book: position × mark / equity (0 with no equity). */
  weightOf(instrumentId: string): number {
    const equity = this.equity();
    const mark = this.mark(instrumentId)?.price ?? 0;
    return equity > 0 ? (this.holding(instrumentId).quantity * mark) / equity : 0;
  }

  equity(): number {
    let value = this.cash;
    // By key, not for…of over [id, h] pairs: a pair per holding, twice a bar, had been the backtest's
    // largest allocation after the decisions themselves.
    for (const id of this.holdings.keys()) {
      const h = this.holdings.get(id)!;
      value += h.quantity * (this.marks.get(id)?.price ?? h.averagePrice);
    }
    return value;
  }

  /** Σ |quantity × mark| over the holdings a snapshot shows: the snapshot's, and alone a backtest's every step. */
  grossExposure(): number {
    let gross = 0;
    // In the holdings' own order, as it has always been summed (the order sets the last bit).
    this.visitShown(this.holdings.keys(), (_id, _h, _mark, value) => {
      gross += Math.abs(value);
    });
    return gross;
  }

  snapshot(): PortfolioSnapshot {
    const positions: PositionView[] = [];
    let net = 0;
    this.eachPosition((id, h, mark, value) => {
      net += value;
      positions.push({
        instrumentId: id,
        quantity: h.quantity,
        averagePrice: h.averagePrice,
        mark: mark?.price ?? null,
        markTs: mark?.ts ?? null,
        marketValue: value,
        unrealizedPnl: unrealizedPnl(h, mark?.price ?? h.averagePrice),
        realizedPnl: h.realizedPnl,
      });
    });
    const s = this.standing();
    return {
      startingCash: this.startingCash,
      cash: this.cash,
      fees: this.fees,
      equity: s.equity,
      grossExposure: this.grossExposure(),
      netExposure: net,
      dailyPnl: s.dailyPnl,
      dayStartEquity: s.dayStartEquity,
      peakEquity: s.peakEquity,
      drawdown: s.drawdown,
      positions,
    };
  }

  /** Equity against the day's start and the peak: the figures of a snapshot the circuit breakers read. */
  standing(): Pick<PortfolioSnapshot, 'equity' | 'dailyPnl' | 'dayStartEquity' | 'peakEquity' | 'drawdown'> {
    const equity = this.equity();
    return {
      equity,
      dailyPnl: equity - this.dayStartEquity,
      dayStartEquity: this.dayStartEquity,
      peakEquity: this.peakEquity,
      drawdown: this.peakEquity > 0 ? Math.max(0, (this.peakEquity - equity) / this.peakEquity) : 0,
    };
  }

  /**
   * The positions a snapshot shows (any but those never traded), in its order, without making their
   * views: each with its holding, its mark and its market value (quantity × the mark, or the average
   * price before one). `visit` returns true to stop.
   */
  eachPosition(visit: PositionVisitor): void {
    this.visitShown(this.sortedIds(), visit);
  }

  /** `ids`' holdings that a snapshot shows, each with its mark and market value, until `visit` returns true. */
  private visitShown(ids: Iterable<string>, visit: PositionVisitor): void {
    for (const id of ids) {
      const h = this.holdings.get(id)!;
      if (h.quantity === 0 && h.realizedPnl === 0) continue;
      const mark = this.marks.get(id);
      if (visit(id, h, mark, h.quantity * (mark?.price ?? h.averagePrice)) === true) return;
    }
  }

  /**
   * The held instruments by code unit, not localeCompare (the same order on every machine, no ICU
   * call per risk check), sorted again only when an instrument is added: holdings are never removed
   * but by a reset, which replaces the map.
   */
  private sortedIds(): readonly string[] {
    const cache = this.sorted;
    if (cache.of === this.holdings && cache.ids.length === this.holdings.size) return cache.ids;
    const ids = [...this.holdings.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.sorted = { of: this.holdings, ids };
    return ids;
  }

  onOrderFilled(e: EventOf<'OrderFilled'>): void {
    const f = e.fill;
    const signed = f.side === 'buy' ? f.quantity : -f.quantity;
    this.holdings.set(f.instrumentId, applyFill(this.holding(f.instrumentId), signed, f.price));
    this.cash -= signed * f.price + f.fee;
    this.fees += f.fee;
    this.setMark(f.instrumentId, f.price, e.tsInit, e.tsEvent);
  }

  /** The position is restated as if the fill had been right from the start; cash moves by the difference. */
  onFillCorrected(e: EventOf<'FillCorrected'>): void {
    const f = e.fill;
    if (!this.fillsOf) throw new Error(`cannot apply the correction of fill ${f.fillId}: this portfolio has no fill history`);
    // The journal may or may not hold the correction yet: the event's figures win either way.
    const fills = this.fillsOf(f.instrumentId).map((x) => (x.fillId === f.fillId ? f : x));
    this.holdings.set(f.instrumentId, holdingFromFills(fills));
    this.cash += cashMovedBy(f) - cashMovedBy({ ...e.was, side: f.side });
    this.fees += f.fee - e.was.fee;
  }

  onTradePrinted(e: EventOf<'TradePrinted'>): void {
    this.setMark(e.instrumentId, e.price, e.tsInit, e.tsEvent);
  }

  onBarClosed(e: EventOf<'BarClosed'>): void {
    this.setMark(e.bar.instrumentId, e.bar.close, e.tsInit, e.tsEvent);
  }

  protected override onReset(): void {
    this.holdings = new Map(this.initial.holdings);
    this.cash = this.initial.cash;
    this.fees = this.initial.fees;
    this.marks.clear();
    this.peakEquity = this.dayStartEquity = this.equity();
    this.day = -1;
  }

  override saveState(): AgentState {
    return { peakEquity: this.peakEquity, day: this.day, dayStartEquity: this.dayStartEquity };
  }

  override loadState(state: AgentState): void {
    const s = state as { peakEquity: number; day: number; dayStartEquity: number };
    this.peakEquity = Math.max(s.peakEquity, this.equity());
    this.day = s.day;
    this.dayStartEquity = s.dayStartEquity;
  }

  /**
   * `marketTs` is the market's time of the price (the event's tsEvent): the trading day, and with it
   * the daily-loss baseline, follows the market, not the wall clock (a replay plays years of daily
   * bars within one wall-clock day; its daily loss must not add them up).
   */
  private setMark(instrumentId: string, price: number, ts: number, marketTs: number): void {
    const day = tradingDay(marketTs, this.timeZone);
    // A new day starts from where the last one ended: its first price (a daily bar's close) is
    // already part of the new day's profit or loss.
    if (day !== this.day) {
      this.day = day;
      this.dayStartEquity = this.equity();
    }
    this.marks.set(instrumentId, { price, ts });
    const equity = this.equity();
    if (equity > this.peakEquity) this.peakEquity = equity;
  }
}
