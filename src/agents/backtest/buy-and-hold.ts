import type { Bar } from '../../shared/domain/market.ts';

/**
 * Buy-and-hold of the same instruments, computed straight from the prices: the starting cash split
 * equally at the first step's closes (no fees), then held. Equity after each step marks every
 * holding at its latest close.
 */
export function buyAndHoldEquity(steps: readonly (readonly Bar[])[], instrumentIds: readonly string[], startingCash: number): number[] {
  const last = new Map<string, number>();
  const units = new Map<string, number>();
  const equity: number[] = [];
  for (const group of steps) {
    for (const b of group) last.set(b.instrumentId, b.close);
    if (units.size === 0 && instrumentIds.every((id) => last.has(id))) {
      for (const id of instrumentIds) units.set(id, startingCash / instrumentIds.length / last.get(id)!);
    }
    equity.push(units.size === 0 ? startingCash : instrumentIds.reduce((s, id) => s + units.get(id)! * last.get(id)!, 0));
  }
  return equity;
}
