/**
 * One line a trader can act on for an order the risk manager denied: which check, which order, and
 * the numbers that failed (`detail` as the checks write it: check, instrumentId, side, quantity, then
 * the check's own figures).
 */
export function describeDenial(event: { reasonCode: string; detail: Record<string, string | number> }): string {
  const { check, instrumentId, side, quantity, ...figures } = event.detail;
  const order = [side, quantity, instrumentId].filter((x) => x !== undefined).join(' ');
  const numbers = Object.entries(figures)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? formatNumber(v) : v}`)
    .join(', ');
  return `Order denied by the ${check ?? 'pre-trade'} check (${event.reasonCode})${order ? `: ${order}` : ''}${numbers ? `; ${numbers}` : ''}.`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 10_000) / 10_000);
}
