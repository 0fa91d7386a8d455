/** Time of day in UTC, to the second: how the blotters and logs show timestamps. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

export function formatAge(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}
