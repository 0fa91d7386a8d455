/**
 * One instrument sized on its own: the weight that gives it the target volatility, but never more
 * than a fraction of the Kelly bet μ/σ² for the expected return the decision implies, nor the
 * per-asset bound. All figures annualised; the sign is the decision's direction.
 */
export function volatilityTargetWeight(input: {
  direction: number;
  expectedReturn: number;
  volatility: number;
  targetVolatility: number;
  kellyFraction: number;
  maxWeight: number;
}): number {
  const { direction, expectedReturn, volatility } = input;
  if (direction === 0 || !(volatility > 0) || !(expectedReturn > 0)) return 0;
  const byVolatility = input.targetVolatility / volatility;
  const byKelly = (input.kellyFraction * expectedReturn) / (volatility * volatility);
  return Math.sign(direction) * Math.min(byVolatility, byKelly, input.maxWeight);
}
