import { statement, type Db } from './database.ts';

/** A model's reference window: per input feature, its values over the window; where the window came from. */
export interface ModelReference {
  modelId: string;
  features: Record<string, number[]>;
  rows: number;
  source: string;
  savedAt: number;
}

export function saveModelReference(db: Db, r: ModelReference): void {
  statement(
    db,
    `INSERT INTO model_references (model_id, features, rows, source, saved_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (model_id) DO UPDATE SET features = excluded.features, rows = excluded.rows, source = excluded.source, saved_at = excluded.saved_at`,
  ).run(r.modelId, JSON.stringify(r.features), r.rows, r.source, r.savedAt);
}

export function readModelReference(db: Db, modelId: string): ModelReference | null {
  const row = statement(db, 'SELECT features, rows, source, saved_at FROM model_references WHERE model_id = ?').get(modelId) as
    { features: string; rows: number; source: string; saved_at: number } | undefined;
  return row
    ? { modelId, features: JSON.parse(row.features) as Record<string, number[]>, rows: row.rows, source: row.source, savedAt: row.saved_at }
    : null;
}

/** A model's latest journaled signals (newest first), for its live hit rate and information coefficient. */
export function readModelSignals(
  db: Db,
  agentId: string,
  limit: number,
): { instrumentId: string; ts: number; direction: number; confidence: number; horizonMs: number }[] {
  const rows = statement(
    db,
    "SELECT payload FROM journal WHERE type = 'SignalEmitted' AND CASE WHEN json_valid(payload) THEN json_extract(payload, '$.signal.agentId') END = ? ORDER BY seq DESC LIMIT ?",
  ).all(agentId, limit) as { payload: string }[];
  return rows.map(
    (r) =>
      (JSON.parse(r.payload) as { signal: { instrumentId: string; ts: number; direction: number; confidence: number; horizonMs: number } })
        .signal,
  );
}
