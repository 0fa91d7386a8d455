/**
 * A fraction as a percentage figure, without the sign: `digits` decimals, or exponent form once it
 * reaches 100,000 % (annualising a few days of bars gives such CAGRs, which would burst a column).
 */
export function percentFigure(x: number, digits: number): string {
  return Math.abs(x) < 1_000 ? (x * 100).toFixed(digits) : (x * 100).toExponential(1);
}
