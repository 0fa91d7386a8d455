import type { Clock } from '../engine/clock.ts';

/** How long an answer has to reach the UI before the engine exits to come back with the change. */
const RESTART_AFTER_MS = 200;

/**
 * A change the session is built on (venue, settings, an instrument added) takes effect by restarting
 * the engine, a moment after the answer went out. Without a host that can restart it (a test's
 * kernel) returns false: the change takes effect when the engine next starts.
 */
export function restartSoon(clock: Clock, restartEngine: ((reason: string) => void) | null, reason: string): boolean {
  if (!restartEngine) return false;
  clock.after(RESTART_AFTER_MS, () => restartEngine(reason));
  return true;
}
