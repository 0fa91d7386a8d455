import type { TradingStatus } from '../../shared/contracts/trading.contract.ts';
import type { TradingState } from '../../shared/domain/risk.ts';
import type { Db } from './database.ts';
import type { Journalable } from './journal.ts';

type Projector = (db: Db, message: Journalable & Record<string, unknown>, seq: number) => void;

/**
 * How each journaled message changes the projections. Runs in the same transaction as the journal
 * row that causes it, so the two never disagree.
 */
const PROJECTORS: Record<string, Projector> = {
  TradingStateChanged: (db, m, seq) => {
    db.prepare('UPDATE trading_state SET state = ?, reason = ?, changed_at = ?, seq = ? WHERE id = 1').run(
      m['to'] as string,
      m['reason'] as string,
      m.tsEvent,
      seq,
    );
  },
  SessionStarted: (db, m, seq) => {
    db.prepare('INSERT INTO sessions (id, mode, seed, feed, started_at, start_seq) VALUES (?, ?, ?, ?, ?, ?)').run(
      m['sessionId'] as string,
      m['mode'] as string,
      m['seed'] as number,
      m['feed'] as string,
      m.tsEvent,
      seq,
    );
  },
};

export function project(db: Db, message: Journalable, seq: number): void {
  PROJECTORS[message.type]?.(db, message as Journalable & Record<string, unknown>, seq);
}

export function readTradingState(db: Db): TradingStatus {
  const row = db.prepare('SELECT state, reason, changed_at FROM trading_state WHERE id = 1').get() as
    { state: TradingState; reason: string; changed_at: number } | undefined;
  if (!row) throw new Error('trading_state row is missing: the database was not migrated');
  return { state: row.state, reason: row.reason, changedAt: row.changed_at };
}
