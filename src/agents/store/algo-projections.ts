import type { ParentOrderSpec } from '../../shared/domain/execution.ts';
import type { Db } from './database.ts';

export interface UnfinishedParent {
  parentId: string;
  spec: ParentOrderSpec;
  arrivalPrice: number | null;
  childrenSent: number;
  filled: number;
  notional: number;
  fees: number;
}

/** Parent orders the journal shows started and never completed, with what their children did. */
export function readUnfinishedParents(db: Db): UnfinishedParent[] {
  const started = db.prepare("SELECT payload FROM journal WHERE type = 'AlgoStarted' ORDER BY seq").all() as { payload: string }[];
  const completed = new Set(
    (db.prepare("SELECT payload FROM journal WHERE type = 'AlgoCompleted'").all() as { payload: string }[]).map(
      (r) => (JSON.parse(r.payload) as { parentId: string }).parentId,
    ),
  );
  const children = db.prepare(
    `SELECT count(*) AS sent, COALESCE(SUM(o.filled_quantity), 0) AS filled, COALESCE(SUM(o.fees), 0) AS fees,
     COALESCE((SELECT SUM(f.price * f.quantity) FROM fills f WHERE f.client_order_id LIKE ? ESCAPE '\\'), 0) AS notional
     FROM orders o WHERE o.client_order_id LIKE ? ESCAPE '\\'`,
  );
  return started
    .map((r) => JSON.parse(r.payload) as { parentId: string; spec: ParentOrderSpec; arrivalPrice: number | null })
    .filter((s) => !completed.has(s.parentId))
    .map((s) => {
      const pattern = `${s.parentId.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`;
      const c = children.get(pattern, pattern) as { sent: number; filled: number; fees: number; notional: number };
      return {
        parentId: s.parentId,
        spec: s.spec,
        arrivalPrice: s.arrivalPrice,
        childrenSent: c.sent,
        filled: c.filled,
        notional: c.notional,
        fees: c.fees,
      };
    });
}
