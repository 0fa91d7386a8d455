import type { UTCTimestamp } from 'lightweight-charts';
import { zoneOffsetMs } from '../../shared/market-data/trading-hours.ts';

const HOUR_MS = 3_600_000;

/**
 * The chart's times. lightweight-charts draws every time as UTC, so an instrument whose exchange
 * time zone is known (an IB stock resolved through IB) is drawn shifted by that zone's offset at each
 * moment: the axis, the crosshair and the day marks read the exchange's wall clock. Without a zone,
 * times are UTC. `fromTime` turns a time on the chart back into the moment (a clicked bar).
 */
export class ChartTime {
  private zone: string | undefined;
  /** Offsets by hour: a zone's offset changes on the hour, and reading it through Intl is slow. */
  private readonly offsets = new Map<number, number>();

  /** The exchange's IANA time zone, or undefined for UTC. */
  setZone(zone: string | undefined): void {
    if (zone === this.zone) return;
    this.zone = zone;
    this.offsets.clear();
  }

  get timeZone(): string | undefined {
    return this.zone;
  }

  toTime(ms: number): UTCTimestamp {
    return Math.floor((ms + this.offset(ms)) / 1000) as UTCTimestamp;
  }

  fromTime(time: number): number {
    const shifted = time * 1000;
    return shifted - this.offset(shifted - this.offset(shifted));
  }

  /** The zone's offset from UTC at `ms` (0 without a zone). */
  private offset(ms: number): number {
    if (!this.zone) return 0;
    const hour = Math.floor(ms / HOUR_MS);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      offset = zoneOffsetMs(hour * HOUR_MS, this.zone);
      this.offsets.set(hour, offset);
    }
    return offset;
  }
}
