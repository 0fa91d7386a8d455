import { toQuantity } from '../../shared/domain/branded.ts';
import type { TradingState } from '../../shared/domain/risk.ts';
import type { RiskPartContext } from './risk-parts.ts';

export interface KillSwitchResult {
  state: TradingState;
  canceled: number;
  flattening: { instrumentId: string; quantity: number; side: 'buy' | 'sell' }[];
}

/**
 * The engine's kill switch (DESIGN.md §3): HALTED, every open order canceled, positions flattened
 * with risk-reducing market orders when asked (each once its instrument has a fresh price), and a
 * check a few seconds later that nothing is left open. Positions this session cannot trade are left
 * alone and said once at start.
 */
export class KillSwitch {
  private readonly c: RiskPartContext;
  private readonly source: string;
  private readonly verifyMs: number;
  private orderSeq = 0;
  /** Flattens waiting for a fresh price (after a restart the engine has none yet). */
  private waiting = new Set<string>();

  constructor(c: RiskPartContext, source: string, verifyMs = 3_000) {
    this.c = c;
    this.source = source;
    this.verifyMs = verifyMs;
  }

  engage(reason: string, flatten: boolean): KillSwitchResult {
    const now = this.c.clock.now();
    const open = this.c.venue.openOrders().length;
    // At a broker the cancel goes out first, as one message (IB's global cancel: every open order of
    // the account, orders typed into TWS included), before the halt's own cancels of ours queue up.
    const why = `kill switch: ${reason}`;
    this.c.venue.cancelEverything?.(why);
    this.c.dispatch({ type: 'HaltTrading', tsEvent: now, tsInit: now, source: 'risk.kill-switch', reason, flatten });
    // Halting cancels ours through the state change; when already halted, cancel again anyway.
    this.c.venue.cancelAll(why);
    const flattening = flatten ? this.flattenAll(now) : [];
    this.c.clock.after(this.verifyMs, () => this.verify(flatten));
    return { state: this.c.tradingState().state, canceled: open, flattening };
  }

  /** An instrument's bar: a flatten waiting for its price goes now. */
  onBar(instrumentId: string): void {
    if (this.waiting.delete(instrumentId)) this.flattenOne(instrumentId, this.c.clock.now());
  }

  /** A trader who resumes takes the positions back; a flatten still waiting is dropped. */
  onStateChanged(to: TradingState): void {
    if (to !== 'HALTED') this.waiting.clear();
  }

  reset(): void {
    this.waiting = new Set();
  }

  /**
   * Positions in instruments this session does not trade (bought in a replay, say) can be neither
   * priced nor closed here: say so once at start, with what to do, instead of a breaker that never clears.
   */
  warnOfUntradedPositions(): void {
    const untraded = this.c.portfolio.snapshot().positions.filter((p) => p.quantity !== 0 && !this.c.traded(p.instrumentId));
    if (!untraded.length) return;
    const now = this.c.clock.now();
    const list = untraded.map((p) => `${p.quantity} ${p.instrumentId}`).join(', ');
    this.c.publish({
      type: 'AlertRaised',
      tsEvent: now,
      tsInit: now,
      source: this.source,
      severity: 'warning',
      code: 'POSITIONS_NOT_TRADED_HERE',
      message: `This session does not trade ${untraded.map((p) => p.instrumentId).join(', ')}, where the profile holds ${list}: they keep their last price, are not flattened by the kill switch, and can be closed only in a session that trades them (for a replay: quorum serve --replay with its file).`,
      detail: { positions: untraded.length },
    });
  }

  private flattenAll(now: number): KillSwitchResult['flattening'] {
    const out: KillSwitchResult['flattening'] = [];
    for (const p of this.c.portfolio.snapshot().positions) {
      if (p.quantity === 0 || !this.c.traded(p.instrumentId)) continue;
      out.push({ instrumentId: p.instrumentId, quantity: Math.abs(p.quantity), side: p.quantity > 0 ? 'sell' : 'buy' });
      const mark = this.c.portfolio.mark(p.instrumentId);
      // Without a fresh price the order would be denied; it goes with the instrument's next bar.
      if (!mark || now - mark.ts > this.c.limits().staleDataMs) this.waiting.add(p.instrumentId);
      else this.flattenOne(p.instrumentId, now);
    }
    return out;
  }

  /** One risk-reducing market order that closes the instrument's position as it is now. */
  private flattenOne(instrumentId: string, now: number): void {
    const quantity = this.c.portfolio.holding(instrumentId).quantity;
    if (quantity === 0 || this.c.tradingState().state !== 'HALTED') return;
    this.c.dispatch({
      type: 'SubmitOrder',
      tsEvent: now,
      tsInit: now,
      source: 'risk.kill-switch',
      flatten: true,
      order: {
        clientOrderId: `K-${now}-${++this.orderSeq}`,
        instrumentId: instrumentId as never,
        side: quantity > 0 ? 'sell' : 'buy',
        type: 'market',
        quantity: toQuantity(Math.abs(quantity)),
        timeInForce: 'ioc',
        status: 'initialized',
        filledQuantity: toQuantity(0),
        createdAt: now,
      },
    });
  }

  private verify(flatten: boolean): void {
    const open = this.c.venue.openOrders();
    const positions = flatten ? this.c.portfolio.snapshot().positions.filter((p) => p.quantity !== 0 && this.c.traded(p.instrumentId)) : [];
    const now = this.c.clock.now();
    const ok = open.length === 0 && positions.length === 0;
    this.c.publish({
      type: 'AlertRaised',
      tsEvent: now,
      tsInit: now,
      source: this.source,
      severity: ok ? 'info' : 'critical',
      code: ok ? 'KILL_SWITCH_DONE' : 'KILL_SWITCH_INCOMPLETE',
      message: ok
        ? flatten
          ? 'Kill switch: halted, every order canceled, every position flat.'
          : 'Kill switch: halted, every order canceled.'
        : `Kill switch: ${open.length} order(s) still open and ${positions.length} position(s) not flat after the check${
            this.waiting.size ? ` (${[...this.waiting].join(', ')} waiting for a fresh price to flatten)` : ''
          }. Act at the venue.`,
      detail: { openOrders: open.length, openPositions: positions.length, waitingForPrice: this.waiting.size },
    });
  }
}
