/** Returns per calendar month (UTC) from an equity curve: each month's last equity over the previous month's. */
export function monthlyReturns(points: readonly { ts: number; equity: number }[], startEquity: number): Map<string, number> {
  const lastOfMonth = new Map<string, number>();
  for (const p of points) lastOfMonth.set(new Date(p.ts).toISOString().slice(0, 7), p.equity);
  const out = new Map<string, number>();
  let previous = startEquity;
  for (const [month, equity] of lastOfMonth) {
    out.set(month, equity / previous - 1);
    previous = equity;
  }
  return out;
}
