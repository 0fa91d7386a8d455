import type { Alert } from '../../shared/contracts/risk.contract.ts';
import { statement, type Db } from './database.ts';

/**
 * The journal's alerts, newest first. The filters read the payload's JSON in SQLite, so one
 * instrument's anomalies from years back are found without sending every alert to the caller.
 */
export function recentAlerts(db: Db, limit: number, code?: string, instrumentId?: string): Alert[] {
  const where = ["type = 'AlertRaised'"];
  const params: (string | number)[] = [];
  if (code !== undefined) {
    where.push("json_extract(payload, '$.code') = ?");
    params.push(code);
  }
  if (instrumentId !== undefined) {
    where.push("json_extract(payload, '$.detail.instrumentId') = ?");
    params.push(instrumentId);
  }
  const rows = statement(db, `SELECT seq, ts_event AS ts, payload FROM journal WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`).all(
    ...params,
    limit,
  ) as { seq: number; ts: number; payload: string }[];
  return rows.map((r): Alert => {
    const p = JSON.parse(r.payload) as Pick<Alert, 'severity' | 'code' | 'message' | 'detail'>;
    return { seq: r.seq, ts: r.ts, severity: p.severity, code: p.code, message: p.message, ...(p.detail ? { detail: p.detail } : {}) };
  });
}
