import type { Trace, TraceStep } from '../../shared/contracts/trace.contract.ts';
import { statement, type Db } from './database.ts';
import { closeAt, latestBarClose } from './cost-queries.ts';

interface Row {
  seq: number;
  ts_event: number;
  type: string;
  source: string;
  decision_id: string | null;
  payload: string;
}

/** A one-line account of a journal row, for the card. */
function summarize(type: string, p: Record<string, unknown>): string {
  const order = p['order'] as
    { side?: string; quantity?: number; type?: string; limitPrice?: number; stopPrice?: number; instrumentId?: string } | undefined;
  const fill = p['fill'] as { quantity?: number; price?: number; fee?: number } | undefined;
  switch (type) {
    case 'DecisionMade': {
      const d = p['decision'] as {
        action: string;
        score: number;
        vetoedBy?: string;
        votes: {
          agentId: string;
          weight: number;
          signal: { direction: number; confidence: number; rationale: { model?: { id: string; hash: string } } } | null;
          missingReason?: string;
        }[];
      };
      const votes = d.votes
        .map((v) =>
          v.signal
            ? `${v.agentId} w=${v.weight.toFixed(2)} dir=${v.signal.direction.toFixed(2)} conf=${v.signal.confidence.toFixed(2)}${v.signal.rationale.model ? ` model ${v.signal.rationale.model.id}@${v.signal.rationale.model.hash.slice(0, 12)}` : ''}`
            : `${v.agentId} missing (${v.missingReason ?? 'no vote'})`,
        )
        .join('; ');
      return `decision ${d.action} (score ${d.score.toFixed(2)})${d.vetoedBy ? `, vetoed by ${d.vetoedBy}` : ''}: ${votes}`;
    }
    case 'TargetsSet': {
      const t = p['targets'] as { method: string; targets: { instrumentId: string; weight: number; price: number }[] };
      return `the optimizer's targets (${t.method}): ${t.targets.map((x) => `${x.instrumentId} ${(x.weight * 100).toFixed(1)} % @ ${x.price}`).join(', ') || 'none'}`;
    }
    case 'AlgoStarted':
      return `algorithm ${String((p['spec'] as { algo?: string })?.algo ?? '').toUpperCase()} started, arrival price ${p['arrivalPrice'] ?? '—'}`;
    case 'SubmitOrder':
      return `${order?.side} ${order?.quantity} ${order?.instrumentId} ${order?.type}${order?.stopPrice ? ` stop ${order.stopPrice}` : ''}${order?.limitPrice ? ` @ ${order.limitPrice}` : ''} requested${p['flatten'] ? ' (kill-switch flatten)' : ''}`;
    case 'OrderApproved':
      return `all ${(p['checks'] as string[]).length} pre-trade checks passed${typeof p['arrivalPrice'] === 'number' ? ` at a last price of ${p['arrivalPrice']}` : ''}`;
    case 'OrderDenied':
      return `denied by the ${String((p['detail'] as { check?: string })?.check ?? 'risk')} check: ${p['reasonCode']}`;
    case 'OrderSubmitted':
      return 'sent to the venue';
    case 'OrderAccepted':
      return 'accepted by the venue';
    case 'OrderRejected':
      return `rejected by the venue: ${p['reason']}`;
    case 'OrderFilled':
      return `filled ${fill?.quantity} @ ${fill?.price} (fee ${fill?.fee}), ${p['leavesQuantity']} left`;
    case 'FillCorrected': {
      const was = p['was'] as { quantity: number; price: number; fee: number } | undefined;
      return `the broker corrected a fill: ${was?.quantity} @ ${was?.price} is now ${fill?.quantity} @ ${fill?.price} (fee ${fill?.fee})`;
    }
    case 'OrderCanceled':
      return `canceled with ${p['leavesQuantity']} left: ${p['reason']}`;
    case 'AlgoCompleted':
      return `algorithm ended ${p['status']}: slippage ${p['slippageBps'] ?? '—'} bp`;
    default:
      return type;
  }
}

const step = (r: Row): TraceStep => {
  const payload = JSON.parse(r.payload) as Record<string, unknown>;
  return { seq: r.seq, ts: r.ts_event, type: r.type, source: r.source, summary: summarize(r.type, payload), payload };
};

/** An order's journal rows, by the expression and type list of the index `journal_order_rows` (migration 11). */
const ORDER_ROWS = `SELECT * FROM journal
  WHERE type IN ('SubmitOrder','OrderApproved','OrderDenied','OrderSubmitted','OrderAccepted','OrderRejected','OrderFilled','FillCorrected','OrderAmended','OrderCanceled','OrderExpired')
  AND CASE WHEN json_valid(payload) THEN COALESCE(json_extract(payload, '$.clientOrderId'), json_extract(payload, '$.order.clientOrderId'), json_extract(payload, '$.fill.clientOrderId')) END = ?
  ORDER BY seq`;
/** An algorithm's rows, by the index `journal_parent_rows`. */
const PARENT_ROWS = `SELECT * FROM journal WHERE type IN ('AlgoStarted','AlgoCompleted') AND CASE WHEN json_valid(payload) THEN json_extract(payload, '$.parentId') END = ? ORDER BY seq`;

/** The lookup before migration 11, a scan of every order row for the id in its payload: `quorum bench trace`'s baseline. */
export function scanOrderRows(db: Db, clientOrderId: string): unknown[] {
  return statement(
    db,
    `SELECT * FROM journal WHERE type IN ('SubmitOrder','OrderApproved','OrderDenied','OrderSubmitted','OrderAccepted','OrderRejected','OrderFilled','FillCorrected','OrderCanceled') AND instr(payload, ?) > 0 ORDER BY seq`,
  ).all(`"clientOrderId":${JSON.stringify(clientOrderId)}`);
}

/** The journal rows of one order, its parent algorithm and its decision, in journal order. */
export function traceOrder(db: Db, clientOrderId: string): Trace {
  const rows = statement(db, ORDER_ROWS).all(clientOrderId) as Row[];
  if (rows.length === 0) throw new Error(`the journal has no order ${clientOrderId}`);
  const decisionId = rows.find((r) => r.decision_id)?.decision_id ?? null;
  const parent = /^(.*)-\d+$/.exec(clientOrderId)?.[1] ?? null;
  const parentRows = parent ? (statement(db, PARENT_ROWS).all(parent) as Row[]) : [];
  const decisionRows = decisionId
    ? (db.prepare("SELECT * FROM journal WHERE type = 'DecisionMade' AND decision_id = ? ORDER BY seq").all(decisionId) as Row[])
    : [];
  // The agents' orders are named after the targets that made them: `<decision of the TargetsSet>/<n>`.
  const targetsOf = /^(.*)\/\d+$/.exec(clientOrderId)?.[1];
  const planRows = targetsOf
    ? (statement(db, "SELECT * FROM journal WHERE type = 'TargetsSet' AND decision_id = ? ORDER BY seq").all(targetsOf) as Row[])
    : [];
  const all = [...decisionRows, ...planRows, ...parentRows, ...rows].sort((a, b) => a.seq - b.seq);
  return {
    clientOrderId,
    decisionId,
    parentId: parentRows.length ? parent : null,
    steps: all.map(step),
    validation: decisionRows[0] ? validate(db, decisionRows[0], clientOrderId) : null,
  };
}

/** The decision judged after the longest horizon of its votes, and the order's fills against its price. */
function validate(db: Db, decisionRow: Row, clientOrderId: string): NonNullable<Trace['validation']> {
  const d = (
    JSON.parse(decisionRow.payload) as {
      decision: { instrumentId: string; action: string; ts: number; votes: { signal: { horizonMs: number } | null }[] };
    }
  ).decision;
  const horizonMs = Math.max(0, ...d.votes.map((v) => v.signal?.horizonMs ?? 0));
  const decisionPrice = closeAt(db, d.instrumentId, d.ts);
  const latest = latestBarClose(db, d.instrumentId);
  const priceAfter = latest !== null && latest >= d.ts + horizonMs ? closeAt(db, d.instrumentId, d.ts + horizonMs) : null;
  const move = decisionPrice !== null && priceAfter !== null ? priceAfter / decisionPrice - 1 : null;
  const toward = d.action === 'buy' ? 1 : d.action === 'sell' ? -1 : 0;
  const verdict =
    toward === 0 ? 'held' : move === null ? 'pending' : Math.abs(move) < 1e-9 ? 'flat' : Math.sign(move) === toward ? 'right' : 'wrong';
  const fills = statement(
    db,
    'SELECT SUM(price * quantity) AS notional, SUM(quantity) AS quantity, MAX(side) AS side FROM fills WHERE client_order_id = ?',
  ).get(clientOrderId) as { notional: number | null; quantity: number | null; side: string | null };
  const average = fills.quantity ? fills.notional! / fills.quantity : null;
  const sign = fills.side === 'sell' ? -1 : 1;
  return {
    horizonMs,
    decisionPrice,
    priceAfter,
    movePercent: move === null ? null : Math.round(move * 1e6) / 1e4,
    verdict,
    slippageBps: average !== null && decisionPrice ? Math.round(((sign * (average - decisionPrice)) / decisionPrice) * 1e6) / 100 : null,
  };
}

export function traceFill(db: Db, fillId: string): Trace {
  const row = db.prepare('SELECT client_order_id FROM fills WHERE fill_id = ?').get(fillId) as { client_order_id: string } | undefined;
  if (!row) throw new Error(`no fill ${fillId}`);
  return traceOrder(db, row.client_order_id);
}
