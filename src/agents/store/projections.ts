import type { TradingStatus } from '../../shared/contracts/trading.contract.ts';
import { DEFAULT_RISK_LIMITS, RiskLimitsSchema, type RiskLimits, type TradingState } from '../../shared/domain/risk.ts';
import { existsSync, statSync } from 'node:fs';
import { openDatabase, statement, type Db } from './database.ts';
import type { EngineEvent, EventOf } from '../../shared/messages/events.ts';
import type { Journalable } from './journal.ts';
import { ORDER_PROJECTORS } from './order-projections.ts';
import { DEFAULT_VENUE_SETTINGS, VenueSettingsSchema, type VenueSettings } from '../../shared/domain/venue.ts';
import { MODEL_PROJECTORS } from './model-projections.ts';
import { ExecutionProviderSettingSchema, type ExecutionProviderSetting } from '../../shared/domain/models.ts';

type Projectors = { [T in EngineEvent['type']]?: (db: Db, event: EventOf<T>, seq: number) => void };

/**
 * How each journaled event changes the projections. Runs in the same transaction as the journal
 * row that causes it, so the two never disagree. Commands change no projection.
 */
const PROJECTORS: Projectors = {
  TradingStateChanged: (db, e, seq) => {
    statement(db, 'UPDATE trading_state SET state = ?, reason = ?, changed_at = ?, seq = ? WHERE id = 1').run(
      e.to,
      e.reason,
      e.tsEvent,
      seq,
    );
  },
  SessionStarted: (db, e, seq) => {
    statement(db, 'INSERT INTO sessions (id, mode, seed, feed, started_at, start_seq) VALUES (?, ?, ?, ?, ?, ?)').run(
      e.sessionId,
      e.mode,
      e.seed,
      e.feed,
      e.tsEvent,
      seq,
    );
  },
  RiskLimitsChanged: (db, e) => {
    statement(db, "INSERT INTO settings (key, value) VALUES ('risk.limits', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
      JSON.stringify(e.limits),
    );
  },
  VenueSwitched: (db, e) => {
    statement(db, "INSERT INTO settings (key, value) VALUES ('venue', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
      JSON.stringify(e.settings),
    );
  },
  ExecutionProviderChanged: (db, e) => {
    statement(
      db,
      "INSERT INTO settings (key, value) VALUES ('inference.provider', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(e.setting);
  },
  AlertAcknowledged: (db, e) => {
    statement(db, 'INSERT OR IGNORE INTO alert_acks (alert_seq, acked_at) VALUES (?, ?)').run(e.alertSeq, e.tsEvent);
  },
  SettingsChanged: (db, e) => {
    statement(
      db,
      "INSERT INTO settings (key, value) VALUES ('profile.file', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(JSON.stringify(e.file));
  },
  ...ORDER_PROJECTORS,
  ...MODEL_PROJECTORS,
};

/** The settings file as the journal last recorded it (null: never recorded), to tell a hand edit at start. */
export function readJournaledSettingsFile(db: Db): Record<string, unknown> | null {
  const row = statement(db, "SELECT value FROM settings WHERE key = 'profile.file'").get() as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as Record<string, unknown>) : null;
}

/** Where the trader last chose models to run (`auto` for a new profile). */
export function readExecutionProvider(db: Db): ExecutionProviderSetting {
  const row = statement(db, "SELECT value FROM settings WHERE key = 'inference.provider'").get() as { value: string } | undefined;
  const parsed = ExecutionProviderSettingSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : 'auto';
}

/** The profile's venue as last switched to (the simulated market for a new profile). */
export function readVenueSettings(db: Db): VenueSettings {
  const row = statement(db, "SELECT value FROM settings WHERE key = 'venue'").get() as { value: string } | undefined;
  return row ? VenueSettingsSchema.parse(JSON.parse(row.value)) : DEFAULT_VENUE_SETTINGS;
}

/**
 * The venue of a profile that may be in use or damaged, read without changing it (read-only, no
 * migration): null when there is no profile or it cannot be read — the engine says why when it opens it.
 */
export function peekVenueSettings(file: string): VenueSettings | null {
  if (!existsSync(file) || statSync(file).size === 0) return null;
  let db: Db | null = null;
  try {
    db = openDatabase(file, { readonly: true });
    return readVenueSettings(db);
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

/** The journal position of the newest event of a type (0 when there is none). */
export function lastJournaled(db: Db, type: string): number {
  return (statement(db, 'SELECT MAX(seq) AS seq FROM journal WHERE type = ?').get(type) as { seq: number | null }).seq ?? 0;
}

export function project(db: Db, message: Journalable, seq: number): void {
  const projector = PROJECTORS[message.type as EngineEvent['type']] as ((db: Db, e: unknown, seq: number) => void) | undefined;
  projector?.(db, message, seq);
}

/** The stored risk limits, or the defaults if the trader never changed them. */
export function readRiskLimits(db: Db): RiskLimits {
  const row = statement(db, "SELECT value FROM settings WHERE key = 'risk.limits'").get() as { value: string } | undefined;
  if (!row) return DEFAULT_RISK_LIMITS;
  const stored = JSON.parse(row.value) as Partial<RiskLimits>;
  // Limits saved by an older version lack newer fields: those take their defaults.
  const parsed = RiskLimitsSchema.safeParse({
    ...DEFAULT_RISK_LIMITS,
    ...stored,
    breakers: { ...DEFAULT_RISK_LIMITS.breakers, ...stored.breakers },
  });
  return parsed.success ? parsed.data : DEFAULT_RISK_LIMITS;
}

/** Orders the journal still shows as open. */
export function readOpenOrders(db: Db): { clientOrderId: string; leavesQuantity: number }[] {
  return db
    .prepare(
      "SELECT client_order_id AS clientOrderId, quantity - filled_quantity AS leavesQuantity FROM orders WHERE status IN ('submitted', 'accepted', 'partially_filled') ORDER BY seq",
    )
    .all() as { clientOrderId: string; leavesQuantity: number }[];
}

export function isKnownClientOrderId(db: Db, id: string): boolean {
  return statement(db, 'SELECT 1 FROM orders WHERE client_order_id = ?').get(id) !== undefined;
}

export function readTradingState(db: Db): TradingStatus {
  const row = statement(db, 'SELECT state, reason, changed_at FROM trading_state WHERE id = 1').get() as
    { state: TradingState; reason: string; changed_at: number } | undefined;
  if (!row) throw new Error('trading_state row is missing: the database was not migrated');
  return { state: row.state, reason: row.reason, changedAt: row.changed_at };
}
