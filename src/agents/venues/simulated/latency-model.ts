import type { SeededRandom } from '../../../shared/math/seeded-random.ts';

/** How long the simulated venue takes to act on a request: a base delay plus uniform jitter. */
export interface LatencyModel {
  submitMs: number;
  cancelMs: number;
  jitterMs: number;
}

export const DEFAULT_LATENCY: LatencyModel = { submitMs: 3, cancelMs: 2, jitterMs: 4 };

export function delay(base: number, model: LatencyModel, rnd: SeededRandom): number {
  // Whole milliseconds: every timestamp in Quorum is an integer number of ms.
  return Math.round(base + model.jitterMs * rnd.next());
}
