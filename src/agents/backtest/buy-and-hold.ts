import type { Bar } from '../../shared/domain/market.ts';

/**
 * Buy-and-hold of the same instruments (equity and the fraction invested after each step), computed straight from the prices: the starting cash split
 * equally, each instrument's share bought at its first close (no fees) and held; a share whose
 * instrument has not traded yet stays in cash until it does. Equity after each step marks every
 * holding at its latest close. (Waiting for every instrument before buying any left the others'
 * shares in cash too: years of it, for a file that starts later.)
 */
export function buyAndHold(
  steps: Iterable<readonly Bar[]>,
  instrumentIds: readonly string[],
  startingCash: number,
): { equity: number[]; exposure: number[] } {
  const share = startingCash / instrumentIds.length;
  const wanted = new Set(instrumentIds);
  const last = new Map<string, number>();
  const units = new Map<string, number>();
  const equity: number[] = [];
  const exposure: number[] = [];
  for (const group of steps) {
    for (const b of group) {
      last.set(b.instrumentId, b.close);
      if (wanted.has(b.instrumentId) && !units.has(b.instrumentId)) units.set(b.instrumentId, share / b.close);
    }
    let invested = 0;
    for (const [id, u] of units) invested += u * last.get(id)!;
    const value = invested + share * (instrumentIds.length - units.size);
    equity.push(value);
    exposure.push(value > 0 ? invested / value : 0);
  }
  return { equity, exposure };
}
