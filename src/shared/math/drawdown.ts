/** Each value's fall from the running peak so far, as a fraction (0 at a new high, −0.2 at 20 % below it). */
export function drawdowns(values: readonly number[]): number[] {
  let peak = -Infinity;
  return values.map((v) => {
    peak = Math.max(peak, v);
    return v / peak - 1;
  });
}
