import type { Bar } from '../../shared/domain/market.ts';
import type { ParentOrderSpec, ScheduledChild } from '../../shared/domain/execution.ts';

/** Splits `total` into integer parts proportional to `weights` (largest remainders get the rest). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const shares = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  const parts = shares.map(Math.floor);
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = shares.map((s, i) => [s - Math.floor(s), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i]!++;
    left--;
  }
  return parts;
}

/** TWAP: equal slices at equal intervals from `start`. */
export function twapSchedule(spec: ParentOrderSpec, start: number): ScheduledChild[] {
  const step = spec.durationMs / spec.slices;
  return apportion(spec.quantity, Array(spec.slices).fill(1)).map((quantity, i) => ({ at: Math.round(start + i * step), quantity }));
}

const DAY = 86_400_000;

/**
 * The historical volume profile over the schedule's slices: each slice weighted by the mean
 * volume of recorded bars that fell in the same time-of-day window on earlier days. Null when
 * history does not cover the window (the schedule is then flat, like TWAP, and says so).
 */
export function volumeProfile(bars: readonly Bar[], start: number, durationMs: number, slices: number): number[] | null {
  const step = durationMs / slices;
  const sums = Array(slices).fill(0);
  const counts = Array(slices).fill(0);
  const startOfDay = start % DAY;
  for (const b of bars) {
    if (b.ts >= start) continue;
    const offset = ((((b.ts % DAY) - startOfDay) % DAY) + DAY) % DAY;
    if (offset >= durationMs) continue;
    const slice = Math.min(slices - 1, Math.floor(offset / step));
    sums[slice] += b.volume;
    counts[slice]++;
  }
  if (counts.some((c) => c === 0)) return null;
  return sums.map((s, i) => s / counts[i]);
}

/** VWAP: slices at equal intervals, sized by the historical volume profile. */
export function vwapSchedule(
  spec: ParentOrderSpec,
  start: number,
  history: readonly Bar[],
): { schedule: ScheduledChild[]; profile: 'historical' | 'flat' } {
  const profile = volumeProfile(history, start, spec.durationMs, spec.slices);
  const step = spec.durationMs / spec.slices;
  const quantities = apportion(spec.quantity, profile ?? Array(spec.slices).fill(1));
  return {
    schedule: quantities.map((quantity, i) => ({ at: Math.round(start + i * step), quantity })),
    profile: profile ? 'historical' : 'flat',
  };
}

/**
 * POV is reactive (each child is a share of what others traded since the last), so its preview is
 * an estimate from the recent volume rate: one check per `intervalMs` until the quantity is done.
 */
export function povPreview(spec: ParentOrderSpec, start: number, volumePerMs: number, intervalMs: number): ScheduledChild[] {
  const perCheck = Math.max(1, Math.floor(spec.participation * volumePerMs * intervalMs));
  const out: ScheduledChild[] = [];
  for (let left = spec.quantity, i = 1; left > 0 && out.length < 1_000; i++) {
    const quantity = Math.min(left, perCheck);
    out.push({ at: start + i * intervalMs, quantity });
    left -= quantity;
  }
  return out;
}
