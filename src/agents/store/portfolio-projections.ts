import type { Fill } from '../../shared/domain/orders.ts';
import { applyFill, FLAT, type Holding } from '../portfolio/position-math.ts';
import { statement, type Db } from './database.ts';

export interface AccountRow {
  startingCash: number;
  cash: number;
  fees: number;
}

/** Moves a fill into `positions` and `account` (called from the OrderFilled projector). */
export function projectFill(db: Db, fill: Fill, seq: number): void {
  const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
  const next = applyFill(readHolding(db, fill.instrumentId), signed, fill.price);
  statement(
    db,
    `INSERT INTO positions (instrument_id, quantity, average_price, realized_pnl, seq) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (instrument_id) DO UPDATE SET quantity = excluded.quantity, average_price = excluded.average_price,
     realized_pnl = excluded.realized_pnl, seq = excluded.seq`,
  ).run(fill.instrumentId, next.quantity, next.averagePrice, next.realizedPnl, seq);
  statement(db, 'UPDATE account SET cash = cash - ? - ?, fees = fees + ? WHERE id = 1').run(signed * fill.price, fill.fee, fill.fee);
}

export function readHolding(db: Db, instrumentId: string): Holding {
  const row = statement(
    db,
    'SELECT quantity, average_price AS averagePrice, realized_pnl AS realizedPnl FROM positions WHERE instrument_id = ?',
  ).get(instrumentId) as Holding | undefined;
  return row ?? FLAT;
}

export function readHoldings(db: Db): Map<string, Holding> {
  const rows = db
    .prepare('SELECT instrument_id AS id, quantity, average_price AS averagePrice, realized_pnl AS realizedPnl FROM positions')
    .all() as (Holding & { id: string })[];
  return new Map(rows.map(({ id, ...h }) => [id, h]));
}

export function readAccount(db: Db): AccountRow {
  return statement(db, 'SELECT starting_cash AS startingCash, cash, fees FROM account WHERE id = 1').get() as AccountRow;
}
