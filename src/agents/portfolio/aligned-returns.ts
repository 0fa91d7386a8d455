import type { AgentState } from '../engine/agent.ts';

interface Instrument {
  lastClose: number;
  /** The time of its latest bar (null when a checkpoint did not keep it), and the close before that bar's. */
  lastTs: number | null;
  previousClose: number;
  intervalMs: number;
  /** The number of the first row holding one of its returns (null before its second bar). */
  firstRow: number | null;
}

interface Row {
  /** Its number since the first row. */
  n: number;
  ts: number;
  returns: Map<string, number>;
  /** Its returns in the order of the instruments `vectorOf` names (their ids joined), made by `matrix` and kept until the row changes. */
  vector?: number[];
  vectorOf?: string;
}

/**
 * Recent close-to-close returns of several instruments on one timeline: a row per bar time, so that
 * a covariance pairs returns of the same period. An instrument without a bar at a row's time (a
 * holiday on its exchange, a gap in its data) has a return of 0 there, and its next bar's return
 * spans the gap — its price as last known (previous-tick alignment). Kept per instrument instead,
 * the k-th latest returns of two instruments with different calendars were different days.
 */
export class AlignedReturns {
  private readonly capacity: number;
  private instruments = new Map<string, Instrument>();
  private rows: Row[] = [];
  /** Rows ever started (numbers rows across the ring). */
  private rowCount = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /**
   * A bar's close. One of the same time again (a correction) restates that bar's return from the
   * close before it. One older than the instrument's latest bar is left out: the return after it is
   * already taken, across the gap it left, and taking its close as the latest would misstate the
   * next return too.
   */
  add(instrumentId: string, ts: number, close: number, intervalMs: number): void {
    const s = this.instruments.get(instrumentId);
    if (!s) {
      this.instruments.set(instrumentId, { lastClose: close, lastTs: ts, previousClose: 0, intervalMs, firstRow: null });
      return;
    }
    if (s.lastTs !== null && ts < s.lastTs) return;
    const correction = ts === s.lastTs;
    const before = correction ? s.previousClose : s.lastClose;
    if (before > 0 && close > 0) {
      const row = this.rowAt(ts);
      row.returns.set(instrumentId, close / before - 1);
      row.vector = row.vectorOf = undefined;
      s.firstRow ??= row.n;
    }
    if (!correction) s.previousClose = s.lastClose;
    s.lastClose = close;
    s.lastTs = ts;
  }

  /** How many instruments it has seen. */
  get size(): number {
    return this.instruments.size;
  }

  /** The instruments seen, sorted by id. */
  ids(): string[] {
    return [...this.instruments.keys()].sort();
  }

  lastClose(instrumentId: string): number {
    return this.instruments.get(instrumentId)?.lastClose ?? 0;
  }

  intervalMs(instrumentId: string): number {
    return this.instruments.get(instrumentId)?.intervalMs ?? 0;
  }

  /**
   * The latest rows since every one of `ids` had a return (at most the capacity): rows × instruments.
   * A last row still filling — an instrument that had a return in the row before has none yet, as
   * when a decision on the step's first instrument asks before the others' bars are in — is left
   * out: the others' returns there are not known yet, not zero.
   */
  matrix(ids: readonly string[]): (readonly number[])[] {
    let end = this.rows.length;
    const last = this.rows[end - 1];
    const before = this.rows[end - 2];
    if (last && before && ids.some((id) => before.returns.has(id) && !last.returns.has(id))) end--;
    const lastN = end > 0 ? this.rows[end - 1]!.n : -1;
    const periods = Math.min(
      end,
      ...ids.map((id) => {
        const first = this.instruments.get(id)?.firstRow ?? null;
        return first === null ? 0 : Math.max(0, lastN + 1 - first);
      }),
    );
    // A row's vector is made once for the same instruments (the optimizer asks every step for a few
    // hundred rows, of which one is new).
    const of = ids.join('\u001f');
    return this.rows.slice(end - periods, end).map((r) => {
      if (r.vectorOf !== of) {
        r.vector = ids.map((id) => r.returns.get(id) ?? 0);
        r.vectorOf = of;
      }
      return r.vector!;
    });
  }

  /** The row of bar time `ts`: the latest if it matches, a new one for a later time, else the one that matches (or the latest). */
  private rowAt(ts: number): Row {
    const last = this.rows.at(-1);
    if (last && last.ts === ts) return last;
    if (!last || ts > last.ts) {
      const row = { n: this.rowCount++, ts, returns: new Map<string, number>() };
      this.rows.push(row);
      if (this.rows.length > this.capacity) this.rows.shift();
      return row;
    }
    for (let i = this.rows.length - 2; i >= 0; i--) if (this.rows[i]!.ts === ts) return this.rows[i]!;
    return last;
  }

  save(): AgentState {
    return {
      instruments: Object.fromEntries(this.instruments) as unknown as AgentState,
      rows: this.rows.map((r) => [r.n, r.ts, Object.fromEntries(r.returns)]) as unknown as AgentState,
      rowCount: this.rowCount,
    };
  }

  load(state: AgentState): void {
    const s = state as unknown as {
      instruments: Record<string, Omit<Instrument, 'lastTs' | 'previousClose'> & Partial<Instrument>>;
      rows: [number, number, Record<string, number>][];
      rowCount: number;
    };
    // A checkpoint from before bar times were kept takes the next bar as the latest.
    this.instruments = new Map(
      Object.entries(s.instruments).map(([id, x]) => [id, { ...x, lastTs: x.lastTs ?? null, previousClose: x.previousClose ?? 0 }]),
    );
    this.rows = s.rows.map(([n, ts, returns]) => ({ n, ts, returns: new Map(Object.entries(returns)) }));
    this.rowCount = s.rowCount;
  }

  /**
   * From a checkpoint of the optimizer before the timeline (each instrument's own latest returns):
   * their ends are aligned, the best that can be known without their dates.
   */
  loadPerInstrument(series: Record<string, { returns: number[]; count: number; lastClose: number; intervalMs: number }>): void {
    const latest = Object.entries(series).map(([id, x]) => {
      const m = Math.min(x.count, x.returns.length);
      const inOrder = Array.from({ length: m }, (_, j) => x.returns[(x.count - m + j) % x.returns.length]!);
      return { id, x, inOrder };
    });
    const n = Math.min(this.capacity, Math.max(0, ...latest.map((l) => l.inOrder.length)));
    // Times before any bar to come (the dates are not known).
    this.rows = Array.from({ length: n }, (_, k) => ({ n: k, ts: k - n, returns: new Map<string, number>() }));
    this.rowCount = n;
    this.instruments = new Map();
    for (const { id, x, inOrder } of latest) {
      const m = Math.min(n, inOrder.length);
      for (let j = 0; j < m; j++) this.rows[n - m + j]!.returns.set(id, inOrder[inOrder.length - m + j]!);
      this.instruments.set(id, {
        lastClose: x.lastClose,
        lastTs: null,
        previousClose: 0,
        intervalMs: x.intervalMs,
        firstRow: m > 0 ? n - m : null,
      });
    }
  }
}
