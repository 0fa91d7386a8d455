import type { Vote } from '../../shared/domain/signals.ts';
import { statement, type Db } from './database.ts';

/** One order as the costs need it: what it asked, what filled, and the prices to measure it against. */
export interface OrderCostRow {
  clientOrderId: string;
  instrumentId: string;
  side: 'buy' | 'sell';
  quantity: number;
  status: string;
  filled: number;
  /** Σ price × quantity of its fills. */
  notional: number;
  fees: number;
  createdAt: number;
  decisionId: string | null;
  /** The decision's action and votes (null without a decision: the trader's own order). */
  decision: { action: string; votes: Vote[] } | null;
  /** The close of the bar the decision was made on. */
  decisionPrice: number | null;
  /** The parent order's arrival price for an algorithm's child, else the last price the risk checks saw when they approved it. */
  arrivalPrice: number | null;
  /**
   * The last close at or before the order's last change (what the unfilled rest would have traded
   * at); unknown (null) in a replay under a live clock, whose bars keep the data's own times.
   */
  lastPrice: number | null;
  /** The algorithm's parent order, for a child. */
  parentId: string | null;
}

/** A parent order (an algorithm) started in the window, with how it ended if it has. */
export interface ParentCostRow {
  parentId: string;
  instrumentId: string;
  side: 'buy' | 'sell';
  quantity: number;
  algo: string;
  startedAt: number;
  arrivalPrice: number | null;
  completed: {
    status: string;
    filledQuantity: number;
    averagePrice: number | null;
    slippageBps: number | null;
    implementationShortfall: number | null;
    fees: number;
  } | null;
}

/** The close of the latest bar of an instrument that closed at or before `ts` (any bar length recorded). */
export function closeAt(db: Db, instrumentId: string, ts: number): number | null {
  const intervals = statement(db, 'SELECT DISTINCT interval_ms AS i FROM bars WHERE instrument_id = ?').all(instrumentId) as {
    i: number;
  }[];
  let best: { ts: number; close: number } | null = null;
  for (const { i } of intervals) {
    const row = statement(
      db,
      'SELECT ts, close FROM bars WHERE instrument_id = ? AND interval_ms = ? AND ts <= ? ORDER BY ts DESC LIMIT 1',
    ).get(instrumentId, i, ts - i) as { ts: number; close: number } | undefined;
    if (row && (!best || row.ts + i > best.ts)) best = { ts: row.ts + i, close: row.close };
  }
  return best?.close ?? null;
}

/** When the latest recorded bar of an instrument closed (null: none recorded). */
export function latestBarClose(db: Db, instrumentId: string): number | null {
  return (statement(db, 'SELECT MAX(ts + interval_ms) AS t FROM bars WHERE instrument_id = ?').get(instrumentId) as { t: number | null }).t;
}

type OrderRow = {
  client_order_id: string;
  instrument_id: string;
  side: 'buy' | 'sell';
  quantity: number;
  status: string;
  filled_quantity: number;
  fees: number;
  created_at: number;
  updated_at: number;
  decision_id: string | null;
  notional: number;
  seq: number;
};

/** How long before an order's creation its approval is looked for (the same tick; a margin for a slow one). */
const APPROVAL_MARGIN_MS = 60_000;

/** The arrival price each order was approved at, in a window of approval times. */
function approvalPrices(db: Db, fromMs: number, toMs: number): Map<string, number | null> {
  const rows = statement(db, "SELECT payload FROM journal WHERE type = 'OrderApproved' AND ts_event BETWEEN ? AND ?").all(
    Math.max(0, fromMs - APPROVAL_MARGIN_MS),
    Math.min(Number.MAX_SAFE_INTEGER, toMs + APPROVAL_MARGIN_MS),
  ) as { payload: string }[];
  return new Map(
    rows
      .map((r) => JSON.parse(r.payload) as { clientOrderId: string; arrivalPrice?: number | null })
      .map((a) => [a.clientOrderId, a.arrivalPrice ?? null]),
  );
}

/** Whether the session an order was journaled in replayed recorded bars (their times are the data's, not the clock's). */
function replaySessions(db: Db): (seq: number) => boolean {
  const sessions = statement(db, 'SELECT start_seq AS seq, feed FROM sessions ORDER BY start_seq').all() as { seq: number; feed: string }[];
  return (seq) => {
    let feed = '';
    for (const s of sessions) if (s.seq <= seq) feed = s.feed;
    return feed.startsWith('Replay');
  };
}

/** The orders created in [fromMs, toMs], oldest first, with their fills summed and the prices around them. */
export function readOrderCosts(db: Db, fromMs: number, toMs: number): OrderCostRow[] {
  const orders = statement(
    db,
    `SELECT o.client_order_id, o.instrument_id, o.side, o.quantity, o.status, o.filled_quantity, o.fees, o.created_at,
            o.updated_at, o.decision_id, o.seq, COALESCE(SUM(f.price * f.quantity), 0) AS notional
     FROM orders o LEFT JOIN fills f ON f.client_order_id = o.client_order_id
     WHERE o.created_at BETWEEN ? AND ? GROUP BY o.client_order_id ORDER BY o.created_at, o.seq`,
  ).all(fromMs, toMs) as OrderRow[];
  const parents = new Map(readParentCosts(db, 0, Number.MAX_SAFE_INTEGER).map((p) => [p.parentId, p]));
  const approved = approvalPrices(db, fromMs, toMs);
  const replayed = replaySessions(db);
  const decisions = new Map<string, { decision: OrderCostRow['decision']; price: number | null }>();
  const decisionOf = (id: string, instrumentId: string) => {
    if (!decisions.has(id)) {
      const row = statement(db, "SELECT payload FROM journal WHERE decision_id = ? AND type = 'DecisionMade' LIMIT 1").get(id) as
        { payload: string } | undefined;
      const d = row ? (JSON.parse(row.payload) as { decision: { action: string; votes: Vote[]; ts: number } }).decision : null;
      decisions.set(id, { decision: d && { action: d.action, votes: d.votes }, price: d ? closeAt(db, instrumentId, d.ts) : null });
    }
    return decisions.get(id)!;
  };
  return orders.map((o) => {
    const parentId = [...parents.keys()].find((p) => o.client_order_id.startsWith(`${p}-`)) ?? null;
    const d = o.decision_id ? decisionOf(o.decision_id, o.instrument_id) : null;
    return {
      clientOrderId: o.client_order_id,
      instrumentId: o.instrument_id,
      side: o.side,
      quantity: o.quantity,
      status: o.status,
      filled: o.filled_quantity,
      notional: o.notional,
      fees: o.fees,
      createdAt: o.created_at,
      decisionId: o.decision_id,
      decision: d?.decision ?? null,
      decisionPrice: d?.price ?? null,
      arrivalPrice: parentId ? (parents.get(parentId)!.arrivalPrice ?? null) : (approved.get(o.client_order_id) ?? null),
      lastPrice: replayed(o.seq) ? null : closeAt(db, o.instrument_id, o.updated_at),
      parentId,
    };
  });
}

/** The parent orders started in [fromMs, toMs], oldest first. */
export function readParentCosts(db: Db, fromMs: number, toMs: number): ParentCostRow[] {
  const started = statement(db, "SELECT payload FROM journal WHERE type = 'AlgoStarted' AND ts_event BETWEEN ? AND ? ORDER BY seq").all(
    fromMs,
    toMs,
  ) as { payload: string }[];
  const completed = new Map(
    (statement(db, "SELECT payload FROM journal WHERE type = 'AlgoCompleted'").all() as { payload: string }[])
      .map((r) => JSON.parse(r.payload) as ParentCostRow['completed'] & { parentId: string })
      .map((c) => [c.parentId, c]),
  );
  return started.map((r) => {
    const s = JSON.parse(r.payload) as {
      parentId: string;
      tsEvent: number;
      arrivalPrice: number | null;
      spec: { instrumentId: string; side: 'buy' | 'sell'; quantity: number; algo: string };
    };
    const c = completed.get(s.parentId);
    return {
      parentId: s.parentId,
      instrumentId: s.spec.instrumentId,
      side: s.spec.side,
      quantity: s.spec.quantity,
      algo: s.spec.algo,
      startedAt: s.tsEvent,
      arrivalPrice: s.arrivalPrice,
      completed: c
        ? {
            status: c.status,
            filledQuantity: c.filledQuantity,
            averagePrice: c.averagePrice,
            slippageBps: c.slippageBps,
            implementationShortfall: c.implementationShortfall,
            fees: c.fees,
          }
        : null,
    };
  });
}
