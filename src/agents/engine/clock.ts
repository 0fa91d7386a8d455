/** Cancels a scheduled timer; calling it twice is harmless. */
export type CancelTimer = () => void;

/**
 * The only source of time for engine and agent code (DESIGN.md §3). `LiveClock` follows the wall
 * clock; `TestClock` moves only when told to, which makes backtests and tests deterministic.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** A monotonic time in milliseconds with sub-millisecond resolution, for measuring durations. */
  monotonic(): number;
  /** Runs `fn` once, `delayMs` from now. */
  after(delayMs: number, fn: () => void): CancelTimer;
  /** Runs `fn` every `intervalMs`, first at now + intervalMs. */
  every(intervalMs: number, fn: () => void): CancelTimer;
}

interface Scheduled {
  at: number;
  order: number;
  intervalMs: number | null;
  fn: () => void;
  cancelled: boolean;
}

/** A clock that only moves when `advanceTo` or `advanceBy` is called; timers fire in time order. */
export class TestClock implements Clock {
  private current: number;
  private order = 0;
  private readonly queue: Scheduled[] = [];

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  monotonic(): number {
    return this.current;
  }

  after(delayMs: number, fn: () => void): CancelTimer {
    return this.schedule(this.current + Math.max(0, delayMs), null, fn);
  }

  every(intervalMs: number, fn: () => void): CancelTimer {
    if (!(intervalMs > 0)) throw new RangeError(`interval must be > 0 ms: ${intervalMs}`);
    return this.schedule(this.current + intervalMs, intervalMs, fn);
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  /** Moves time forward to `targetMs`, firing every timer due on the way, in order. */
  advanceTo(targetMs: number): void {
    if (targetMs < this.current) throw new RangeError(`time cannot go back: ${targetMs} < ${this.current}`);
    for (;;) {
      const next = this.popDue(targetMs);
      if (!next) break;
      this.current = next.at;
      if (next.intervalMs !== null) {
        next.at += next.intervalMs;
        next.order = this.order++;
        this.queue.push(next);
      }
      next.fn();
    }
    this.current = targetMs;
  }

  pendingTimers(): number {
    return this.queue.filter((t) => !t.cancelled).length;
  }

  private schedule(at: number, intervalMs: number | null, fn: () => void): CancelTimer {
    const item: Scheduled = { at, order: this.order++, intervalMs, fn, cancelled: false };
    this.queue.push(item);
    return () => {
      item.cancelled = true;
    };
  }

  private popDue(targetMs: number): Scheduled | undefined {
    let best = -1;
    for (let i = 0; i < this.queue.length; i++) {
      const t = this.queue[i]!;
      if (t.cancelled || t.at > targetMs) continue;
      const b = this.queue[best];
      if (!b || t.at < b.at || (t.at === b.at && t.order < b.order)) best = i;
    }
    // Take the timer before dropping cancelled ones: removing them shifts the indices.
    const found = best < 0 ? undefined : this.queue[best]!;
    this.removeCancelled();
    if (found) this.queue.splice(this.queue.indexOf(found), 1);
    return found;
  }

  private removeCancelled(): void {
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.cancelled) this.queue.splice(i, 1);
  }
}
