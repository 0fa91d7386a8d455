import { describe, expect, it } from 'vitest';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import { BarColumns } from '../../shared/market-data/bar-columns.ts';
import { makeWorld } from '../engine/agent-contract.test-helper.ts';
import { BacktestFeed } from './backtest-feed.ts';

const MIN = 60_000;
/** `n` one-minute bars of `id` starting at minute `from`, each closing at 100 + its minute. */
const series = (id: string, from: number, n: number) =>
  BarColumns.fromBars(
    Array.from({ length: n }, (_, i) => {
      const close = 100 + from + i;
      return {
        instrumentId: id as InstrumentId,
        ts: (from + i) * MIN,
        intervalMs: MIN,
        open: close,
        high: close,
        low: close,
        close,
        volume: 1,
      };
    }),
  );

function feedOf() {
  // A from minute 0 to 5; B from minute 2 to 7: steps 0–1 have A alone, 6–7 B alone.
  const world = makeWorld(
    { name: 'BacktestFeed', create: (ctx) => new BacktestFeed(ctx, [series('A', 0, 6), series('B', 2, 6)]), step: () => {} },
    1,
    0,
  );
  world.agent.start();
  return world;
}

const publish = (w: ReturnType<typeof feedOf>, steps: number) => {
  for (let k = 0; k < steps; k++) {
    w.clock.advanceTo(w.agent.nextCloseTs()!);
    w.agent.publishNext();
  }
};
const closes = (bars: { close: number }[]) => bars.map((b) => b.close);

describe('BacktestFeed: the bars it has published, which a backtest does not record one by one', () => {
  it('gives an instrument’s history up to the current step only, newest last, at most `limit` bars', () => {
    const w = feedOf();
    expect(w.agent.history('A', 10)).toEqual([]);
    publish(w, 3); // minutes 0, 1, 2
    expect(closes(w.agent.history('A', 10))).toEqual([100, 101, 102]);
    expect(closes(w.agent.history('B', 10))).toEqual([102]);
    expect(closes(w.agent.history('A', 2))).toEqual([101, 102]);
    expect(w.agent.history('C', 10)).toEqual([]);
    publish(w, 5); // through minute 7: A ended at minute 5
    expect(closes(w.agent.history('A', 3))).toEqual([103, 104, 105]);
    expect(closes(w.agent.history('B', 10))).toEqual([102, 103, 104, 105, 106, 107]);
    expect(w.agent.history('B', 1)[0]).toMatchObject({ instrumentId: 'B', ts: 7 * MIN, intervalMs: MIN });
  });

  it('lists each series’ published bars as views, and keeps the counts across save → load and reset', () => {
    const w = feedOf();
    publish(w, 4); // minutes 0–3
    expect(w.agent.publishedBars().map((c) => c.length)).toEqual([4, 2]);
    expect(Array.from(w.agent.publishedBars()[1]!.close)).toEqual([102, 103]);
    const saved = w.agent.saveState();
    const other = feedOf();
    other.agent.loadState(saved);
    expect(other.agent.publishedBars().map((c) => c.length)).toEqual([4, 2]);
    expect(closes(other.agent.history('B', 5))).toEqual([102, 103]);
    w.agent.stop();
    w.agent.reset();
    expect(w.agent.publishedBars().map((c) => c.length)).toEqual([0, 0]);
  });
});
