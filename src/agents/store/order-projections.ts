import type { EventOf } from '../../shared/messages/events.ts';
import type { Fill, Order } from '../../shared/domain/orders.ts';
import { statement, type Db } from './database.ts';
import { projectFill, restatePosition } from './portfolio-projections.ts';

/** How the venue's life-cycle events change the `orders` and `fills` projections. */
export const ORDER_PROJECTORS = {
  OrderSubmitted: (db: Db, e: EventOf<'OrderSubmitted'>, seq: number) => {
    const o = e.order;
    statement(
      db,
      `INSERT INTO orders (client_order_id, instrument_id, side, type, quantity, limit_price, stop_price, time_in_force, outside_rth,
         status, decision_id, created_at, updated_at, seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?)`,
    ).run(
      o.clientOrderId,
      o.instrumentId,
      o.side,
      o.type,
      o.quantity,
      o.limitPrice ?? null,
      o.stopPrice ?? null,
      o.timeInForce,
      o.outsideRth ? 1 : 0,
      e.decisionId ?? null,
      e.tsEvent,
      e.tsEvent,
      seq,
    );
  },
  OrderAccepted: (db: Db, e: EventOf<'OrderAccepted'>, seq: number) => setStatus(db, e.clientOrderId, 'accepted', null, e.tsEvent, seq),
  OrderRejected: (db: Db, e: EventOf<'OrderRejected'>, seq: number) => setStatus(db, e.clientOrderId, 'rejected', e.reason, e.tsEvent, seq),
  OrderCanceled: (db: Db, e: EventOf<'OrderCanceled'>, seq: number) => setStatus(db, e.clientOrderId, 'canceled', e.reason, e.tsEvent, seq),
  OrderAmended: (db: Db, e: EventOf<'OrderAmended'>, seq: number) => {
    statement(
      db,
      'UPDATE orders SET quantity = ?, limit_price = ?, stop_price = COALESCE(?, stop_price), updated_at = ?, seq = ? WHERE client_order_id = ?',
    ).run(e.quantity, e.limitPrice ?? null, e.stopPrice ?? null, e.tsEvent, seq, e.clientOrderId);
  },
  OrderExpired: (db: Db, e: EventOf<'OrderExpired'>, seq: number) =>
    setStatus(db, e.clientOrderId, 'expired', 'the trading day ended', e.tsEvent, seq),
  OrderFilled: (db: Db, e: EventOf<'OrderFilled'>, seq: number) => {
    const f = e.fill;
    statement(
      db,
      'INSERT INTO fills (fill_id, client_order_id, instrument_id, side, price, quantity, fee, ts, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(f.fillId, f.clientOrderId, f.instrumentId, f.side, f.price, f.quantity, f.fee, f.ts, seq);
    statement(
      db,
      `UPDATE orders SET filled_quantity = filled_quantity + ?, fees = fees + ?, status = ?, updated_at = ?, seq = ? WHERE client_order_id = ?`,
    ).run(f.quantity, f.fee, e.leavesQuantity === 0 ? 'filled' : 'partially_filled', e.tsEvent, seq, f.clientOrderId);
    projectFill(db, f, seq);
  },
  FillCorrected: (db: Db, e: EventOf<'FillCorrected'>, seq: number) => {
    const f = e.fill;
    // The correction's id is the key: told twice (after a reconnect), it cannot apply twice.
    statement(db, 'INSERT INTO fill_corrections (correction_id, fill_id, price, quantity, fee, seq) VALUES (?, ?, ?, ?, ?, ?)').run(
      e.correctionId,
      f.fillId,
      f.price,
      f.quantity,
      f.fee,
      seq,
    );
    statement(db, 'UPDATE fills SET price = ?, quantity = ?, fee = ? WHERE fill_id = ?').run(f.price, f.quantity, f.fee, f.fillId);
    statement(
      db,
      'UPDATE orders SET filled_quantity = filled_quantity + ?, fees = fees + ?, updated_at = ?, seq = ? WHERE client_order_id = ?',
    ).run(f.quantity - e.was.quantity, f.fee - e.was.fee, e.tsEvent, seq, f.clientOrderId);
    restatePosition(db, f, e.was, seq);
  },
};

function setStatus(db: Db, id: string, status: string, reason: string | null, ts: number, seq: number): void {
  statement(db, 'UPDATE orders SET status = ?, reason = COALESCE(?, reason), updated_at = ?, seq = ? WHERE client_order_id = ?').run(
    status,
    reason,
    ts,
    seq,
    id,
  );
}

const FILL_COLUMNS = 'fill_id AS fillId, client_order_id AS clientOrderId, instrument_id AS instrumentId, side, price, quantity, fee, ts';

/** The newest fills of these instruments, oldest first. */
export function readFills(db: Db, instrumentIds: readonly string[], limit: number): Fill[] {
  const rows = db
    .prepare(
      `SELECT * FROM (SELECT ${FILL_COLUMNS}
       FROM fills WHERE instrument_id IN (SELECT value FROM json_each(?)) ORDER BY seq DESC LIMIT ?) ORDER BY ts`,
    )
    .all(JSON.stringify(instrumentIds), limit);
  return rows as Fill[];
}

/** One fill as it stands now (a broker's corrections applied), or null. */
export function readFill(db: Db, fillId: string): Fill | null {
  return (statement(db, `SELECT ${FILL_COLUMNS} FROM fills WHERE fill_id = ?`).get(fillId) as Fill | undefined) ?? null;
}

/**
 * Orders the journal shows open that went out to a broker connection, with the broker's order id:
 * after a restart the venue looks for them at the broker (a checkpoint may predate them).
 */
export function readOpenBrokerOrders(db: Db, venue: string): { brokerOrderId: number; order: Order }[] {
  const rows = db
    .prepare(
      `SELECT b.broker_order_id AS brokerOrderId, o.client_order_id AS clientOrderId, o.instrument_id AS instrumentId, o.side,
         o.type, o.quantity, o.limit_price AS limitPrice, o.stop_price AS stopPrice, o.time_in_force AS timeInForce,
         o.outside_rth AS outsideRth, o.status,
         o.filled_quantity AS filledQuantity, o.decision_id AS decisionId, o.created_at AS createdAt
       FROM broker_orders b JOIN orders o ON o.client_order_id = b.client_order_id
       WHERE b.venue = ? AND o.status IN ('submitted', 'accepted', 'partially_filled') ORDER BY o.seq`,
    )
    .all(venue) as (Omit<Order, 'outsideRth'> & {
    brokerOrderId: number;
    limitPrice: number | null;
    stopPrice: number | null;
    outsideRth: number;
    decisionId: string | null;
  })[];
  return rows.map(({ brokerOrderId, limitPrice, stopPrice, outsideRth, decisionId, ...o }) => ({
    brokerOrderId,
    order: {
      ...o,
      ...(limitPrice !== null ? { limitPrice } : {}),
      ...(stopPrice !== null ? { stopPrice } : {}),
      ...(outsideRth ? { outsideRth: true } : {}),
      ...(decisionId !== null ? { decisionId } : {}),
    } as Order,
  }));
}

/** One order's status, filled quantity and number of fills as the journal's projections have them. */
export function readOrderProgress(
  db: Db,
  clientOrderId: string,
): { status: Order['status']; filledQuantity: number; fills: number } | null {
  const row = statement(
    db,
    'SELECT status, filled_quantity AS filledQuantity, (SELECT COUNT(*) FROM fills WHERE fills.client_order_id = orders.client_order_id) AS fills FROM orders WHERE client_order_id = ?',
  ).get(clientOrderId) as { status: Order['status']; filledQuantity: number; fills: number } | undefined;
  return row ?? null;
}
