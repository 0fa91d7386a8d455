import { OP, OP_FIELDS } from '../../native/index.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';

/**
 * A seeded order-book workload: about 60% limit adds within 10 ticks of a wandering mid (one in
 * ten crossing the spread), 30% cancels of earlier adds (some already filled, as in a real feed),
 * 10% market orders. Packed for the batch API.
 */
export function bookWorkload(count: number, seed = 1): Float64Array {
  const rnd = new SeededRandom(seed);
  const ops = new Float64Array(count * OP_FIELDS);
  const live: number[] = [];
  let nextId = 1;
  let mid = 100_000;
  for (let i = 0; i < count; i++) {
    const o = i * OP_FIELDS;
    const roll = rnd.next();
    if (roll < 0.02) mid += rnd.next() < 0.5 ? -1 : 1;
    if (roll < 0.6 || live.length === 0) {
      const side = rnd.next() < 0.5 ? 0 : 1;
      const aggressive = rnd.next() < 0.1;
      const offset = 1 + Math.floor(rnd.next() * 10);
      const price = side === 0 ? (aggressive ? mid + offset : mid - offset) : aggressive ? mid - offset : mid + offset;
      const id = nextId++;
      live.push(id);
      ops.set([OP.add, id, side, price, 1 + Math.floor(rnd.next() * 100), 0], o);
    } else if (roll < 0.9) {
      const k = Math.floor(rnd.next() * live.length);
      const id = live[k]!;
      live[k] = live[live.length - 1]!;
      live.pop();
      ops.set([OP.cancel, id, 0, 0, 0, 0], o);
    } else {
      ops.set([OP.market, nextId++, rnd.next() < 0.5 ? 0 : 1, 0, 1 + Math.floor(rnd.next() * 200), 0], o);
    }
  }
  return ops;
}
