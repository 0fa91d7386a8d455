import { describe, expect, it } from 'vitest';
import type { Price, Quantity } from '../../../shared/domain/branded.ts';
import type { Bar } from '../../../shared/domain/market.ts';
import type { EngineEvent } from '../../../shared/messages/events.ts';
import { silentLogger } from '../../../shared/logger.ts';
import { SeededRandom } from '../../../shared/math/seeded-random.ts';
import { describeAgentContract } from '../../engine/agent-contract.test-helper.ts';
import { TestClock } from '../../engine/clock.ts';
import { MessageBus } from '../../engine/message-bus.ts';
import { BarFillVenue } from './bar-fill-venue.ts';
import { BarReplayFeed } from '../../feeds/bar-replay-feed.ts';
import { replayInstrument } from './paper-market.ts';

const instrument = replayInstrument('test.csv');
const DAY = 86_400_000;
const bar = (i: number, o: number, h: number, l: number, c: number, v = 1_000): Bar =>
  ({ instrumentId: instrument.id, intervalMs: DAY, ts: i * DAY, open: o, high: h, low: l, close: c, volume: v }) as Bar;

function setup() {
  const bus = new MessageBus();
  const clock = new TestClock(0);
  const venue = new BarFillVenue({ bus, clock, random: new SeededRandom(1), log: silentLogger, dispatch: () => {} }, [instrument], {
    perShare: 0,
    percent: 0,
    minimumPerOrder: 0,
  });
  const events: EngineEvent[] = [];
  bus.subscribe<EngineEvent>('*', (e) => events.push(e));
  venue.start();
  const play = (b: Bar) => bus.publish('BarClosed', { type: 'BarClosed', tsEvent: b.ts + DAY, tsInit: 0, source: 'test', bar: b });
  const submit = (id: string, over: object) =>
    venue.submit({
      clientOrderId: id,
      instrumentId: instrument.id,
      side: 'buy',
      type: 'market',
      quantity: 100 as Quantity,
      timeInForce: 'gtc',
      ...over,
    });
  const fills = (id: string) =>
    events.flatMap((e) => (e.type === 'OrderFilled' && e.fill.clientOrderId === id ? [[e.fill.price, e.fill.quantity]] : []));
  return { play, submit, fills, events, venue };
}

describe('the bar fill rule of replays', () => {
  it('fills a market order at the open of the next bar, never of the bar it was decided on', () => {
    const { play, submit, fills, events } = setup();
    play(bar(1, 10, 11, 9, 10.5));
    submit('M', {});
    expect(fills('M')).toEqual([]);
    play(bar(2, 10.6, 11, 10, 10.8));
    expect(fills('M')).toEqual([[10.6, 100]]);
    // The fill happened in bar 2, and says so (its marker belongs on that bar). Its event is stamped
    // with the bar's close, market time, not the clock (a replay's clock is the wall clock; here 0).
    expect(events.find((e) => e.type === 'OrderFilled')).toMatchObject({ tsEvent: 3 * DAY, tsInit: 0, fill: { ts: 2 * DAY } });
  });

  it('sets stops off when a bar reaches them: at the stop, or at the open when the bar gaps through it', () => {
    const { play, submit, fills } = setup();
    play(bar(1, 10, 10.2, 9.8, 10));
    submit('BUY-STOP', { type: 'stop', stopPrice: 10.5 as Price });
    submit('GAP-STOP', { type: 'stop', side: 'sell', stopPrice: 9.5 as Price });
    play(bar(2, 10, 10.4, 9.7, 10.1));
    expect([fills('BUY-STOP'), fills('GAP-STOP')]).toEqual([[], []]);
    play(bar(3, 10.1, 10.6, 10, 10.5));
    expect(fills('BUY-STOP')).toEqual([[10.5, 100]]);
    // The next bar opens below the sell stop: it fills at that open, not at the stop it never traded at.
    play(bar(4, 9.2, 9.4, 9, 9.3));
    expect(fills('GAP-STOP')).toEqual([[9.2, 100]]);
  });

  it('fills a stop-limit set off beyond its limit only when a later bar comes back to the limit', () => {
    const { play, submit, fills, venue } = setup();
    play(bar(1, 10, 10.2, 9.8, 10));
    submit('SL', { type: 'stop_limit', stopPrice: 10.5 as Price, limitPrice: 10.6 as Price });
    // Opens at 10.8, above the limit: set off, but what the bar did after its open is not known.
    play(bar(2, 10.8, 11, 10.4, 10.9));
    expect(fills('SL')).toEqual([]);
    expect(venue.openOrders()).toMatchObject([{ clientOrderId: 'SL', type: 'stop_limit' }]);
    play(bar(3, 10.9, 11, 10.55, 10.7));
    expect(fills('SL')).toEqual([[10.6, 100]]);
  });

  it('fills a limit buy at the open when the open is better, at the limit when the low reaches it, else waits', () => {
    const { play, submit, fills } = setup();
    play(bar(1, 10, 11, 9, 10));
    submit('A', { type: 'limit', limitPrice: 10.5 as Price });
    submit('B', { type: 'limit', limitPrice: 9.5 as Price });
    submit('C', { type: 'limit', limitPrice: 8 as Price });
    play(bar(2, 10.2, 10.4, 9.4, 10));
    expect(fills('A')).toEqual([[10.2, 100]]);
    expect(fills('B')).toEqual([[9.5, 100]]);
    expect(fills('C')).toEqual([]);
    play(bar(3, 9, 9.2, 7.9, 8.5));
    expect(fills('C')).toEqual([[8, 100]]);
  });

  it('mirrors the rule for sells, caps quantity at the bar volume, and cancels what an IOC left', () => {
    const { play, submit, fills, events } = setup();
    play(bar(1, 10, 11, 9, 10));
    submit('S', { side: 'sell', type: 'limit', limitPrice: 10.9 as Price, quantity: 300 as Quantity, timeInForce: 'ioc' });
    play(bar(2, 10, 11, 9.5, 10.5, 120));
    expect(fills('S')).toEqual([[10.9, 120]]);
    expect(events.at(-1)).toMatchObject({ type: 'OrderCanceled', leavesQuantity: 180 });
  });

  it('restored from a checkpoint older than the journal, fills nothing twice and reuses no fill id', () => {
    const first = setup();
    first.play(bar(1, 10, 11, 9, 10));
    first.submit('F', {});
    first.submit('X', { type: 'limit', limitPrice: 5 as Price });
    first.submit('P', { type: 'limit', limitPrice: 9.5 as Price, quantity: 300 as Quantity });
    const checkpoint = first.venue.saveState();
    // After the checkpoint, before the crash: F filled, X canceled, P filled 120 of 300 (fill P-1).
    const journal = new Map([
      ['F', { status: 'filled' as const, filledQuantity: 100, fills: 1 }],
      ['X', { status: 'canceled' as const, filledQuantity: 0, fills: 0 }],
      ['P', { status: 'partially_filled' as const, filledQuantity: 120, fills: 1 }],
    ]);
    const restarted = setup();
    restarted.venue.stop();
    restarted.venue.loadState(checkpoint);
    restarted.venue.reconcileWithJournal((id) => journal.get(id) ?? null);
    restarted.venue.start();
    expect(restarted.venue.openOrders().map((o) => [o.clientOrderId, o.filledQuantity])).toEqual([['P', 120]]);
    restarted.play(bar(2, 9, 10, 4, 9));
    expect(restarted.fills('F')).toEqual([]);
    expect(restarted.fills('X')).toEqual([]);
    expect(restarted.fills('P')).toEqual([[9, 180]]);
    const fill = restarted.events.find((e) => e.type === 'OrderFilled');
    expect(fill).toMatchObject({ fill: { fillId: 'P-2' }, leavesQuantity: 0 });
  });

  it('rejects orders it cannot take, with the reason', () => {
    const { submit, events } = setup();
    submit('Z', { quantity: 0 as Quantity });
    submit('Y', { instrumentId: 'REPLAY:OTHER' });
    expect(events.filter((e) => e.type === 'OrderRejected').map((e) => (e as { reason: string }).reason)).toEqual([
      // The venues' shared rules and words (validate-venue-order.ts).
      'quantity must be a positive number, got 0',
      'the replay does not list REPLAY:OTHER',
    ]);
  });
});

describeAgentContract({
  name: 'BarReplayFeed',
  create: (ctx) =>
    new BarReplayFeed(ctx, { bars: Array.from({ length: 50 }, (_, i) => bar(i, 10 + i, 11 + i, 9 + i, 10.5 + i)), speed: DAY / 1000 }),
  step: (w) => w.clock.advanceBy(1_000),
});
