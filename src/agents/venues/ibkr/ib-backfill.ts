import { EventName, type BarSizeSetting, type IBApi, type WhatToShow } from '@stoqey/ib';
import { toPrice, toQuantity } from '../../../shared/domain/branded.ts';
import type { Bar } from '../../../shared/domain/market.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { Clock } from '../../engine/clock.ts';
import { askIb, type IbAnswer } from './ib-contracts.ts';
import { parseIbBarTime } from './ib-history-plan.ts';
import { PacingLimiter } from './ib-pacing.ts';
import type { IbInstrument, IbVenue } from './ib-venue.ts';

/**
 * IB's bar size for each bar interval a session may have, and how far back one request reaches with
 * it (IB's valid duration for the size): a few hundred bars or more, for the chart and the agents.
 */
const BACKFILL: Record<number, { barSize: string; duration: string }> = {
  1_000: { barSize: '1 secs', duration: '1800 S' },
  5_000: { barSize: '5 secs', duration: '3600 S' },
  60_000: { barSize: '1 min', duration: '1 D' },
  300_000: { barSize: '5 mins', duration: '1 W' },
  900_000: { barSize: '15 mins', duration: '2 W' },
  3_600_000: { barSize: '1 hour', duration: '1 M' },
  86_400_000: { barSize: '1 day', duration: '1 Y' },
};

/** The bars of one instrument IB sends for a request ending now (`reqHistoricalData`, trades, all hours, epoch times). */
function historicalBars(ib: IBApi, clock: Clock, i: IbInstrument, barSize: string, duration: string): Promise<IbAnswer<Bar[]>> {
  const tick = i.instrument.tickSize;
  return askIb<Bar[]>(
    ib,
    clock,
    `${i.instrument.symbol}'s last ${duration} of ${barSize} bars`,
    (reqId, done) => {
      const bars: Bar[] = [];
      const onBar = (id: number, time: string, open: number, high: number, low: number, close: number, volume: number) => {
        if (id !== reqId) return;
        if (time.startsWith('finished')) return done({ ok: true, value: bars });
        const ts = parseIbBarTime(time);
        if (ts === null || ![open, high, low, close].every((p) => p > 0)) return;
        bars.push({
          instrumentId: i.instrument.id,
          intervalMs: 0,
          ts,
          open: toPrice(open, tick),
          high: toPrice(high, tick),
          low: toPrice(low, tick),
          close: toPrice(close, tick),
          volume: toQuantity(Math.max(0, Number(volume))),
        });
      };
      ib.on(EventName.historicalData, onBar);
      return () => ib.off(EventName.historicalData, onBar);
    },
    (reqId) => ib.reqHistoricalData(reqId, i.contract, '', duration, barSize as BarSizeSetting, 'TRADES' as WhatToShow, 0, 2, false),
  );
}

/**
 * The chart backfilled on open: once the session's connection is up the first time, each
 * instrument's recent bars of the session's interval are asked of IB (one request each, within IB's
 * pacing) and recorded as history, older than any bar the session has built itself. They are not
 * published as new bars (the agents do not act on the past); `backfilled` tells the UI to read
 * the chart again. An interval IB has no bar size for, or IB's refusal, is said in the log.
 */
export class IbBackfill {
  private readonly deps: {
    venue: IbVenue;
    instruments: readonly IbInstrument[];
    barIntervalMs: number;
    clock: Clock;
    log: Logger;
    record: (bars: readonly Bar[]) => void;
    backfilled: (instrumentId: string, bars: number) => void;
  };
  /** The start of the session's first bar: the history is what came before it. */
  private sessionStart: number | null = null;

  constructor(deps: IbBackfill['deps']) {
    this.deps = deps;
    deps.venue.onSession(() => {
      if (this.sessionStart !== null) return;
      this.sessionStart = Math.floor(deps.clock.now() / deps.barIntervalMs) * deps.barIntervalMs;
      void this.run(this.sessionStart);
    });
  }

  private async run(before: number): Promise<void> {
    const { venue, instruments, barIntervalMs, clock, log } = this.deps;
    const size = BACKFILL[barIntervalMs];
    if (!size) return log.info({ barIntervalMs }, 'no IB bar size for this bar interval: the chart starts with the session');
    const pacing = new PacingLimiter(clock);
    for (const i of instruments) {
      await pacing.slot();
      const answer = await historicalBars(venue.api, clock, i, size.barSize, size.duration);
      if (!answer.ok) {
        log.warn({ instrumentId: i.instrument.id }, `no history for the chart: ${answer.error}`);
        continue;
      }
      // Only whole bars from before the session's first: the last one IB sends may still be forming.
      const bars = answer.value.filter((b) => b.ts < before).map((b) => ({ ...b, intervalMs: barIntervalMs }));
      this.deps.record(bars);
      this.deps.backfilled(i.instrument.id, bars.length);
    }
  }
}
