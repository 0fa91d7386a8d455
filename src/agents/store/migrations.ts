import type Database from 'better-sqlite3';

/**
 * Numbered schema changes; `PRAGMA user_version` is the number of the last one applied. Append new
 * migrations at the end; never edit one that has shipped.
 */
const MIGRATIONS: readonly string[] = [
  // 1: the hash-chained journal, trading state, checkpoints, bars, settings, sessions
  `
  CREATE TABLE journal (
    seq         INTEGER PRIMARY KEY,
    ts_event    INTEGER NOT NULL,
    ts_init     INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    decision_id TEXT,
    payload     TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
  );
  CREATE INDEX journal_decision ON journal(decision_id) WHERE decision_id IS NOT NULL;
  CREATE INDEX journal_type ON journal(type);

  CREATE TABLE trading_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    state      TEXT    NOT NULL CHECK (state IN ('ACTIVE', 'REDUCING', 'HALTED')),
    reason     TEXT    NOT NULL,
    changed_at INTEGER NOT NULL,
    seq        INTEGER
  );
  INSERT INTO trading_state (id, state, reason, changed_at, seq) VALUES (1, 'ACTIVE', 'new profile', 0, NULL);

  CREATE TABLE agent_checkpoints (
    agent_id TEXT PRIMARY KEY,
    state    TEXT    NOT NULL,
    saved_at INTEGER NOT NULL
  );

  CREATE TABLE bars (
    instrument_id TEXT    NOT NULL,
    interval_ms   INTEGER NOT NULL,
    ts            INTEGER NOT NULL,
    open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL,
    PRIMARY KEY (instrument_id, interval_ms, ts)
  ) WITHOUT ROWID;

  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    mode       TEXT    NOT NULL,
    seed       INTEGER NOT NULL,
    feed       TEXT    NOT NULL,
    started_at INTEGER NOT NULL,
    start_seq  INTEGER NOT NULL
  );
  `,
  // 2: orders and fills, projected from the venue's life-cycle events
  `
  CREATE TABLE orders (
    client_order_id TEXT PRIMARY KEY,
    instrument_id   TEXT    NOT NULL,
    side            TEXT    NOT NULL CHECK (side IN ('buy', 'sell')),
    type            TEXT    NOT NULL,
    quantity        REAL    NOT NULL,
    limit_price     REAL,
    time_in_force   TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    filled_quantity REAL    NOT NULL DEFAULT 0,
    fees            REAL    NOT NULL DEFAULT 0,
    reason          TEXT,
    decision_id     TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    seq             INTEGER NOT NULL
  );
  CREATE INDEX orders_open ON orders(status) WHERE status IN ('submitted', 'accepted', 'partially_filled');

  CREATE TABLE fills (
    fill_id         TEXT PRIMARY KEY,
    client_order_id TEXT    NOT NULL REFERENCES orders(client_order_id),
    instrument_id   TEXT    NOT NULL,
    side            TEXT    NOT NULL,
    price           REAL    NOT NULL,
    quantity        REAL    NOT NULL,
    fee             REAL    NOT NULL,
    ts              INTEGER NOT NULL,
    seq             INTEGER NOT NULL
  );
  CREATE INDEX fills_instrument ON fills(instrument_id, ts);
  `,
  // 3: positions and the account, projected from fills (average-cost accounting)
  `
  CREATE TABLE positions (
    instrument_id TEXT PRIMARY KEY,
    quantity      REAL NOT NULL,
    average_price REAL NOT NULL,
    realized_pnl  REAL NOT NULL,
    seq           INTEGER NOT NULL
  );
  CREATE TABLE account (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    starting_cash REAL NOT NULL,
    cash          REAL NOT NULL,
    fees          REAL NOT NULL
  );
  INSERT INTO account (id, starting_cash, cash, fees) VALUES (1, 1000000, 1000000, 0);
  `,
  // 4: the model registry, projected from ModelRegistered / ModelStatusChanged
  `
  CREATE TABLE models (
    id          TEXT PRIMARY KEY,
    name        TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    sha256      TEXT    NOT NULL,
    file_name   TEXT    NOT NULL,
    size_bytes  INTEGER NOT NULL,
    schema      TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    imported_at INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    UNIQUE (name, version)
  );
  `,
  // 5: the highest order id given out per broker connection (IB never takes an id twice)
  `
  CREATE TABLE broker_order_ids (
    venue   TEXT PRIMARY KEY,
    highest INTEGER NOT NULL
  );
  `,
  // 6: which broker order id each of our orders went out with (a restart finds its orders at the broker)
  `
  CREATE TABLE broker_orders (
    venue           TEXT    NOT NULL,
    broker_order_id INTEGER NOT NULL,
    client_order_id TEXT    NOT NULL,
    PRIMARY KEY (venue, broker_order_id)
  );
  `,
  // 7: stop and stop-limit orders' stop price, and orders allowed to trade outside regular hours
  `
  ALTER TABLE orders ADD COLUMN stop_price REAL;
  ALTER TABLE orders ADD COLUMN outside_rth INTEGER NOT NULL DEFAULT 0;
  `,
  // 8: the broker's corrections of fills, each applied once (its id is the key)
  `
  CREATE TABLE fill_corrections (
    correction_id TEXT    PRIMARY KEY,
    fill_id       TEXT    NOT NULL REFERENCES fills(fill_id),
    price         REAL    NOT NULL,
    quantity      REAL    NOT NULL,
    fee           REAL    NOT NULL,
    seq           INTEGER NOT NULL
  );
  `,
  // 9: checkpoints of an agent's memory the trader took, to restore one (the last few per agent)
  `
  CREATE TABLE memory_checkpoints (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id   TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    state_hash TEXT    NOT NULL,
    saved_at   INTEGER NOT NULL
  );
  CREATE INDEX memory_checkpoints_by_agent ON memory_checkpoints (agent_id, id);
  `,
  // 10: alerts the trader acknowledged (by the alert's journal seq)
  `
  CREATE TABLE alert_acks (
    alert_seq INTEGER PRIMARY KEY,
    acked_at  INTEGER NOT NULL
  );
  `,
  // 11: the decision card's lookups: an order's journal rows by its client id, an algorithm's by its parent id
  // (order-trace.ts repeats these expressions and type lists exactly, so that SQLite uses the indexes). A
  // payload that is not JSON (a damaged row) is indexed as NULL: written as it is, and found by audit verify.
  `
  CREATE INDEX journal_order_rows ON journal (
    CASE WHEN json_valid(payload) THEN COALESCE(json_extract(payload, '$.clientOrderId'), json_extract(payload, '$.order.clientOrderId'), json_extract(payload, '$.fill.clientOrderId')) END
  ) WHERE type IN ('SubmitOrder','OrderApproved','OrderDenied','OrderSubmitted','OrderAccepted','OrderRejected','OrderFilled','FillCorrected','OrderAmended','OrderCanceled','OrderExpired');
  CREATE INDEX journal_parent_rows ON journal (CASE WHEN json_valid(payload) THEN json_extract(payload, '$.parentId') END) WHERE type IN ('AlgoStarted','AlgoCompleted');
  `,
  // 12: each model's reference window of input features (from its training data or the bars recorded at import), for drift
  `
  CREATE TABLE model_references (
    model_id TEXT    PRIMARY KEY,
    features TEXT    NOT NULL,
    rows     INTEGER NOT NULL,
    source   TEXT    NOT NULL,
    saved_at INTEGER NOT NULL
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The number of the last migration a database has had. */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function applyMigrations(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema ${current} is newer than this build understands (${MIGRATIONS.length}); update Quorum`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
