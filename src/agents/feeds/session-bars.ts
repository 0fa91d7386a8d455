import type { OhlcvBar } from '../../shared/indicators/indicator-set.ts';
import type { TradingSession } from '../../shared/market-data/trading-hours.ts';

/** A bar of the session's interval (its `ts` the start), with the end of the span it covers (a session's last may be shorter). */
export type SessionBar = OhlcvBar & { end: number };

const DAY_MS = 86_400_000;

/**
 * Aggregates a broker's short bars (IB's 5-second real-time bars) into the session's bar interval,
 * with the trading sessions as boundaries: within a session the bars start at its open (a 1-hour bar
 * of a 09:30 session covers 09:30–10:30) and the last is cut at its close; a daily bar is the whole
 * session. Outside any known session the bars are aligned to the interval from midnight UTC. A bar is
 * done when a short bar of a later span arrives, or (`due`) once its span has ended and a short bar's
 * length has passed without one.
 */
export class SessionBarBuilder {
  private readonly intervalMs: number;
  private readonly sessions: readonly TradingSession[];
  private readonly graceMs: number;
  private current: SessionBar | null = null;
  /** The start of the last bar it completed: a short bar of that span or before comes too late. */
  private completed: number | null = null;

  constructor(intervalMs: number, sessions: readonly TradingSession[], graceMs = 5_000) {
    this.intervalMs = intervalMs;
    this.sessions = sessions;
    this.graceMs = graceMs;
  }

  /** The span of the session's bar holding `ts`: [start, end). */
  span(ts: number): { start: number; end: number } {
    const s = this.sessions.find((x) => ts >= x.start && ts < x.end);
    if (!s) {
      const start = Math.floor(ts / this.intervalMs) * this.intervalMs;
      return { start, end: start + this.intervalMs };
    }
    if (this.intervalMs >= DAY_MS) return { start: s.start, end: s.end };
    const start = s.start + Math.floor((ts - s.start) / this.intervalMs) * this.intervalMs;
    return { start, end: Math.min(start + this.intervalMs, s.end) };
  }

  /** Takes a short bar (IB's 5-second bar, `ts` its start); returns the session bar it completed, if any. */
  add(bar: OhlcvBar): SessionBar[] {
    const { start, end } = this.span(bar.ts);
    const c = this.current;
    if (c && c.ts === start) {
      c.high = Math.max(c.high, bar.high);
      c.low = Math.min(c.low, bar.low);
      c.close = bar.close;
      c.volume += bar.volume;
      return [];
    }
    // A short bar older than the bar being built, or of a bar already completed (IB resends after a
    // reconnect), changes nothing: the bar it belongs to is out.
    if ((c && start < c.ts) || (this.completed !== null && start <= this.completed)) return [];
    this.current = { ts: start, end, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
    if (!c) return [];
    this.completed = c.ts;
    return [c];
  }

  /** The bar being built, once its span ended a short bar's length ago (no later short bar came). */
  due(now: number): SessionBar[] {
    const c = this.current;
    if (!c || now < c.end + this.graceMs) return [];
    this.current = null;
    this.completed = c.ts;
    return [c];
  }
}
