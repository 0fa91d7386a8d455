/** What a parent order cost against its arrival price; costs are positive, for buys and sells alike. */
export function parentMetrics(p: {
  side: 'buy' | 'sell';
  quantity: number;
  filled: number;
  notional: number;
  fees: number;
  arrival: number | null;
  last: number | null;
}) {
  const averagePrice = p.filled > 0 ? p.notional / p.filled : null;
  const sign = p.side === 'buy' ? 1 : -1;
  if (p.arrival === null || averagePrice === null) return { averagePrice, slippageBps: null, implementationShortfall: null };
  const slippageBps = (sign * (averagePrice - p.arrival) * 10_000) / p.arrival;
  // Implementation shortfall: execution cost of what filled, fees, and the opportunity cost of what did not.
  const opportunity = p.last === null ? 0 : sign * (p.last - p.arrival) * (p.quantity - p.filled);
  const implementationShortfall = sign * (averagePrice - p.arrival) * p.filled + p.fees + opportunity;
  return {
    averagePrice,
    slippageBps: Math.round(slippageBps * 100) / 100,
    implementationShortfall: Math.round(implementationShortfall * 100) / 100,
  };
}
