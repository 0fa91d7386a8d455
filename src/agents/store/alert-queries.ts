import type { Alert } from '../../shared/contracts/risk.contract.ts';
import { statement, type Db } from './database.ts';

/**
 * The journal's alerts, newest first. The filters read the payload's JSON in SQLite, so one
 * instrument's anomalies from years back are found without sending every alert to the caller.
 */
export function recentAlerts(db: Db, limit: number, code?: string, instrumentId?: string): Alert[] {
  const where = ["j.type = 'AlertRaised'"];
  const params: (string | number)[] = [];
  if (code !== undefined) {
    where.push("json_extract(payload, '$.code') = ?");
    params.push(code);
  }
  if (instrumentId !== undefined) {
    where.push("json_extract(payload, '$.detail.instrumentId') = ?");
    params.push(instrumentId);
  }
  const rows = statement(
    db,
    `SELECT j.seq, j.ts_event AS ts, j.payload, a.acked_at FROM journal j LEFT JOIN alert_acks a ON a.alert_seq = j.seq
     WHERE ${where.join(' AND ')} ORDER BY j.seq DESC LIMIT ?`,
  ).all(...params, limit) as { seq: number; ts: number; payload: string; acked_at: number | null }[];
  return rows.map((r): Alert => {
    const p = JSON.parse(r.payload) as Pick<Alert, 'severity' | 'code' | 'message' | 'detail'>;
    return {
      seq: r.seq,
      ts: r.ts,
      severity: p.severity,
      code: p.code,
      message: p.message,
      ...(p.detail ? { detail: p.detail } : {}),
      acknowledgedAt: r.acked_at,
    };
  });
}

/** Whether a journal seq is an alert, and when it was acknowledged (null: not yet). */
export function alertAcknowledgement(db: Db, seq: number): { isAlert: boolean; acknowledgedAt: number | null } {
  const row = statement(
    db,
    "SELECT a.acked_at FROM journal j LEFT JOIN alert_acks a ON a.alert_seq = j.seq WHERE j.seq = ? AND j.type = 'AlertRaised'",
  ).get(seq) as { acked_at: number | null } | undefined;
  return { isAlert: row !== undefined, acknowledgedAt: row?.acked_at ?? null };
}
