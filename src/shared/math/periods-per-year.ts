const DAY = 86_400_000;
/** A US equity session (6.5 hours), the unit intraday bars are annualised by. */
const SESSION = 23_400_000;

/**
 * Periods per year for bars of `intervalMs`: 252 for daily bars (and 52 weekly, 12 monthly); for
 * intraday bars 252 sessions of 6.5 hours.
 */
export function periodsPerYear(intervalMs: number): number {
  if (!(intervalMs > 0)) throw new RangeError(`bar interval must be > 0 ms, got ${intervalMs}`);
  if (intervalMs >= 25 * DAY) return 12;
  if (intervalMs >= 5 * DAY) return 52;
  if (intervalMs >= DAY * 0.8) return 252;
  return (252 * SESSION) / Math.min(intervalMs, SESSION);
}
