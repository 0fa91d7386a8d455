/** Returns per calendar month (UTC) from an equity curve: each month's last equity over the previous month's. */
export function monthlyReturns(curve: { ts: readonly number[]; equity: readonly number[] }, startEquity: number): Map<string, number> {
  const lastOfMonth = new Map<string, number>();
  curve.ts.forEach((ts, i) => lastOfMonth.set(new Date(ts).toISOString().slice(0, 7), curve.equity[i]!));
  const out = new Map<string, number>();
  let previous = startEquity;
  for (const [month, equity] of lastOfMonth) {
    out.set(month, equity / previous - 1);
    previous = equity;
  }
  return out;
}
