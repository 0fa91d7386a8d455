/** A bar interval in words: "1 day", "5 min", "30 s", "250 ms". */
export function describeInterval(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1_000, 's'],
  ];
  for (const [size, name] of units)
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}${name === 'day' && ms !== size ? 's' : ''}`;
  return `${ms} ms`;
}

/** Null when every file has bars of one interval; else the sentence saying which two differ. */
export function mixedIntervals(files: readonly { name: string; intervalMs: number }[]): string | null {
  const first = files[0];
  const other = first && files.find((f) => f.intervalMs !== first.intervalMs);
  if (!first || !other) return null;
  return `${other.name} has bars of ${describeInterval(other.intervalMs)} and ${first.name} of ${describeInterval(first.intervalMs)}: a backtest runs on one bar interval`;
}
