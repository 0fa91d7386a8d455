import type { InstrumentId } from '../../../shared/domain/instrument.ts';
import type { SeededRandom } from '../../../shared/math/seeded-random.ts';
import { SIDE } from '../../../native/index.ts';
import { poisson } from './latent-price.ts';
import type { SimulatedExchange } from './simulated-exchange.ts';

/** Arrival rates of the simulated crowd's orders, per second. */
export interface CrowdFlowParams {
  limitsPerSecond: number;
  marketsPerSecond: number;
  /** Each resting crowd order is canceled with this probability per second. */
  cancelPerOrderPerSecond: number;
  /** Mean distance of a limit order from the fair price, in ticks. */
  meanDistanceTicks: number;
  meanLimitQty: number;
  meanMarketQty: number;
}

export const DEFAULT_CROWD_FLOW: CrowdFlowParams = {
  limitsPerSecond: 40,
  marketsPerSecond: 5,
  cancelPerOrderPerSecond: 0.04,
  meanDistanceTicks: 5,
  meanLimitQty: 60,
  meanMarketQty: 90,
};

export interface CrowdState {
  /** Ids of crowd orders that may still rest (filled ones leave when a cancel finds them gone). */
  live: number[];
}

const exponential = (mean: number, rnd: SeededRandom) => -mean * Math.log(1 - rnd.next());

/**
 * One step of the crowd's order flow around `fairTicks`: limit orders on both sides (those placed
 * through the touch trade, which is how the book follows the fair price), market orders leaning
 * towards the fair price, and cancels. Ids come from `nextId`.
 */
export function crowdStep(
  exchange: SimulatedExchange,
  instrumentId: InstrumentId,
  fairTicks: number,
  state: CrowdState,
  p: CrowdFlowParams,
  dt: number,
  rnd: SeededRandom,
  nextId: () => number,
): void {
  const book = exchange.book(instrumentId);
  for (let n = poisson(p.limitsPerSecond * dt, rnd); n > 0; n--) {
    const buy = rnd.next() < 0.5;
    const distance = 1 + Math.floor(exponential(p.meanDistanceTicks, rnd));
    const price = buy ? Math.floor(fairTicks - distance + 1) : Math.ceil(fairTicks + distance - 1);
    if (price < 1) continue;
    const id = nextId();
    exchange.limit(instrumentId, id, buy ? SIDE.buy : SIDE.sell, price, 1 + Math.floor(exponential(p.meanLimitQty, rnd)));
    state.live.push(id);
  }
  const bid = book.bestBid()?.price;
  const ask = book.bestAsk()?.price;
  const mid = bid !== undefined && ask !== undefined ? (bid + ask) / 2 : fairTicks;
  const buyBias = 1 / (1 + Math.exp(-(fairTicks - mid) / 2));
  for (let n = poisson(p.marketsPerSecond * dt, rnd); n > 0; n--) {
    exchange.market(instrumentId, nextId(), rnd.next() < buyBias ? SIDE.buy : SIDE.sell, 1 + Math.floor(exponential(p.meanMarketQty, rnd)));
  }
  for (let n = poisson(p.cancelPerOrderPerSecond * dt * state.live.length, rnd); n > 0 && state.live.length > 0; n--) {
    const k = Math.floor(rnd.next() * state.live.length);
    const id = state.live[k]!;
    state.live[k] = state.live[state.live.length - 1]!;
    state.live.pop();
    exchange.cancel(instrumentId, id);
  }
}

/** Fills an empty book with a ladder of crowd orders around the fair price. */
export function seedBook(
  exchange: SimulatedExchange,
  instrumentId: InstrumentId,
  fairTicks: number,
  state: CrowdState,
  rnd: SeededRandom,
  nextId: () => number,
): void {
  for (let level = 1; level <= 15; level++) {
    for (const side of [SIDE.buy, SIDE.sell] as const) {
      const id = nextId();
      const price = side === SIDE.buy ? Math.floor(fairTicks) - level : Math.ceil(fairTicks) + level;
      if (price < 1) continue;
      exchange.limit(instrumentId, id, side, price, 50 + Math.floor(rnd.next() * 250));
      state.live.push(id);
    }
  }
}
