import type { Fill } from '../../shared/domain/orders.ts';
import { applyFill, cashMovedBy, FLAT, holdingFromFills, type FillAmount, type Holding } from '../portfolio/position-math.ts';
import { statement, type Db } from './database.ts';

export interface AccountRow {
  startingCash: number;
  cash: number;
  fees: number;
}

/** Moves a fill into `positions` and `account` (called from the OrderFilled projector). */
export function projectFill(db: Db, fill: Fill, seq: number): void {
  const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
  writeHolding(db, fill.instrumentId, applyFill(readHolding(db, fill.instrumentId), signed, fill.price), seq);
  statement(db, 'UPDATE account SET cash = cash - ? - ?, fees = fees + ? WHERE id = 1').run(signed * fill.price, fill.fee, fill.fee);
}

/**
 * A corrected fill (already rewritten in `fills`) restates its instrument's position from every fill
 * of it, oldest first — the average price and the realised P&L of later closes depend on it — and
 * moves cash and fees by the difference.
 */
export function restatePosition(db: Db, fill: Fill, was: Omit<FillAmount, 'side'> & { fee: number }, seq: number): void {
  writeHolding(db, fill.instrumentId, holdingFromFills(readInstrumentFills(db, fill.instrumentId)), seq);
  statement(db, 'UPDATE account SET cash = cash + ?, fees = fees + ? WHERE id = 1').run(
    cashMovedBy(fill) - cashMovedBy({ ...was, side: fill.side }),
    fill.fee - was.fee,
  );
}

/** Every fill of one instrument, in journal order. */
export function readInstrumentFills(db: Db, instrumentId: string): (FillAmount & { fillId: string })[] {
  return statement(db, 'SELECT fill_id AS fillId, side, quantity, price FROM fills WHERE instrument_id = ? ORDER BY seq').all(
    instrumentId,
  ) as (FillAmount & { fillId: string })[];
}

function writeHolding(db: Db, instrumentId: string, h: Holding, seq: number): void {
  statement(
    db,
    `INSERT INTO positions (instrument_id, quantity, average_price, realized_pnl, seq) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (instrument_id) DO UPDATE SET quantity = excluded.quantity, average_price = excluded.average_price,
     realized_pnl = excluded.realized_pnl, seq = excluded.seq`,
  ).run(instrumentId, h.quantity, h.averagePrice, h.realizedPnl, seq);
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
