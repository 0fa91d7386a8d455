import type { Clock } from '../../engine/clock.ts';

/** IB's pacing rules for historical data: at most 60 requests in 10 minutes, and 6 in 2 seconds for one contract. */
export const HISTORY_PACING = [
  { requests: 60, windowMs: 600_000 },
  { requests: 6, windowMs: 2_000 },
] as const;

/**
 * Spaces requests so that none breaks IB's pacing rules: `slot()` resolves when one more request
 * may go (at once while there is room), and counts it.
 */
export class PacingLimiter {
  private readonly sent: number[] = [];
  private readonly clock: Clock;
  private readonly rules: readonly { requests: number; windowMs: number }[];

  constructor(clock: Clock, rules: readonly { requests: number; windowMs: number }[] = HISTORY_PACING) {
    this.clock = clock;
    this.rules = rules;
  }

  /** How long the next request must wait (0: it may go now). */
  waitMs(): number {
    const now = this.clock.now();
    let wait = 0;
    for (const rule of this.rules) {
      const recent = this.sent.filter((t) => t > now - rule.windowMs);
      if (recent.length >= rule.requests) wait = Math.max(wait, recent[recent.length - rule.requests]! + rule.windowMs - now);
    }
    return wait;
  }

  async slot(): Promise<void> {
    for (let wait = this.waitMs(); wait > 0; wait = this.waitMs()) await new Promise<void>((r) => this.clock.after(wait, r));
    this.sent.push(this.clock.now());
    const longest = Math.max(...this.rules.map((r) => r.windowMs));
    while (this.sent.length && this.sent[0]! <= this.clock.now() - longest) this.sent.shift();
  }
}
