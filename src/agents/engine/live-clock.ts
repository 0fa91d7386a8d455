import type { CancelTimer, Clock } from './clock.ts';

/** The wall clock. The one engine file allowed to read Date.now and start timers. */
export class LiveClock implements Clock {
  now(): number {
    return Date.now();
  }

  monotonic(): number {
    return performance.now();
  }

  after(delayMs: number, fn: () => void): CancelTimer {
    const handle = setTimeout(fn, delayMs);
    return () => clearTimeout(handle);
  }

  every(intervalMs: number, fn: () => void): CancelTimer {
    const handle = setInterval(fn, intervalMs);
    return () => clearInterval(handle);
  }
}
