import type { SeededRandom } from '../../../shared/math/seeded-random.ts';

/** Parameters of one instrument's fair-price process; volatilities are per √second. */
export interface LatentPriceParams {
  calmVolatility: number;
  volatileVolatility: number;
  /** Probability per second of switching calm → volatile, and volatile → calm. */
  toVolatilePerSecond: number;
  toCalmPerSecond: number;
  /** Jumps arrive at this rate per second, with a size uniform in [min, max] (fraction), either sign. */
  jumpsPerSecond: number;
  jumpMin: number;
  jumpMax: number;
}

export const DEFAULT_LATENT_PRICE: LatentPriceParams = {
  calmVolatility: 0.0006,
  volatileVolatility: 0.002,
  toVolatilePerSecond: 0.01,
  toCalmPerSecond: 0.04,
  jumpsPerSecond: 0.002,
  jumpMin: 0.004,
  jumpMax: 0.012,
};

export interface LatentPrice {
  fair: number;
  volatile: boolean;
}

/** Advances a fair price by `dt` seconds: regime switch, diffusion in its regime, maybe a jump. */
export function stepLatentPrice(state: LatentPrice, p: LatentPriceParams, dt: number, rnd: SeededRandom): void {
  const switchProb = (state.volatile ? p.toCalmPerSecond : p.toVolatilePerSecond) * dt;
  if (rnd.next() < switchProb) state.volatile = !state.volatile;
  const sigma = state.volatile ? p.volatileVolatility : p.calmVolatility;
  let logReturn = sigma * Math.sqrt(dt) * rnd.normal();
  if (rnd.next() < p.jumpsPerSecond * dt) {
    const size = p.jumpMin + (p.jumpMax - p.jumpMin) * rnd.next();
    logReturn += rnd.next() < 0.5 ? -size : size;
  }
  state.fair *= Math.exp(logReturn);
}

/** A Poisson draw (Knuth's method; fine for the small rates of one simulation step). */
export function poisson(rate: number, rnd: SeededRandom): number {
  const limit = Math.exp(-rate);
  let k = 0;
  let p = rnd.next();
  while (p > limit) {
    k++;
    p *= rnd.next();
  }
  return k;
}
