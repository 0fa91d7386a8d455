import type { Bar } from '../../shared/domain/market.ts';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import type { BarColumns } from '../../shared/market-data/bar-columns.ts';
import type { Db } from './database.ts';

/** Recorded market data: the input of replays, kept apart from the hash chain. */
export class BarStore {
  private readonly db: Db;
  private readonly upsert;

  constructor(db: Db) {
    this.db = db;
    this.upsert = db.prepare(
      `INSERT INTO bars (instrument_id, interval_ms, ts, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (instrument_id, interval_ms, ts) DO UPDATE SET open = excluded.open, high = excluded.high,
       low = excluded.low, close = excluded.close, volume = excluded.volume`,
    );
  }

  save(bar: Bar): void {
    this.upsert.run(bar.instrumentId, bar.intervalMs, bar.ts, bar.open, bar.high, bar.low, bar.close, bar.volume);
  }

  /** A series' bars at once, read from its columns (a backtest's, when its database is kept). */
  saveColumns(bars: BarColumns): void {
    const { instrumentId, intervalMs, ts, open, high, low, close, volume } = bars;
    for (let i = 0; i < bars.length; i++) this.upsert.run(instrumentId, intervalMs, ts[i], open[i], high[i], low[i], close[i], volume[i]);
  }

  /** Every recorded bar, of every instrument, in no particular order (a replay sorts them). */
  all(): Bar[] {
    return this.db
      .prepare('SELECT instrument_id AS instrumentId, interval_ms AS intervalMs, ts, open, high, low, close, volume FROM bars')
      .all() as Bar[];
  }

  /** The newest `limit` bars, oldest first. */
  latest(instrumentId: InstrumentId, limit: number): Bar[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM (SELECT instrument_id AS instrumentId, interval_ms AS intervalMs, ts, open, high, low, close, volume
         FROM bars WHERE instrument_id = ? ORDER BY ts DESC LIMIT ?) ORDER BY ts`,
      )
      .all(instrumentId, limit);
    return rows as Bar[];
  }
}
