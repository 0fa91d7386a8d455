import type { Bar } from '../../shared/domain/market.ts';

/**
 * Buy-and-hold of the same instruments (equity and the fraction invested after each step), computed straight from the prices: the starting cash split
 * equally, each instrument's share bought at its first close (no fees) and held; a share whose
 * instrument has not traded yet stays in cash until it does. Equity after each step marks every
 * holding at its latest close. (Waiting for every instrument before buying any left the others'
 * shares in cash too: years of it, for a file that starts later.) `steps` is how many groups
 * there are, so that the two columns are allocated once.
 */
export function buyAndHold(
  groups: Iterable<readonly Bar[]>,
  steps: number,
  instrumentIds: readonly string[],
  startingCash: number,
): { equity: number[]; exposure: number[] } {
  const share = startingCash / instrumentIds.length;
  const wanted = new Set(instrumentIds);
  const last = new Map<string, number>();
  const units = new Map<string, number>();
  const equity = new Array<number>(steps).fill(0);
  const exposure = new Array<number>(steps).fill(0);
  let k = 0;
  for (const group of groups) {
    for (const b of group) {
      last.set(b.instrumentId, b.close);
      if (wanted.has(b.instrumentId) && !units.has(b.instrumentId)) units.set(b.instrumentId, share / b.close);
    }
    let invested = 0;
    for (const [id, u] of units) invested += u * last.get(id)!;
    const value = invested + share * (instrumentIds.length - units.size);
    equity[k] = value;
    exposure[k++] = value > 0 ? invested / value : 0;
  }
  equity.length = exposure.length = k;
  return { equity, exposure };
}
