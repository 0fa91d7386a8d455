import type { Decision, Vote } from '../../shared/domain/signals.ts';
import type { Targets } from '../../shared/domain/consensus.ts';
import type { Fill } from '../../shared/domain/orders.ts';
import type { Journalable } from '../store/journal.ts';
import { csvCell } from '../../shared/csv-cell.ts';

/** Which run a decision belongs to: a sweep's grid point and, in a walk-forward, its test window. */
export interface RunPart {
  point: number;
  window: number | null;
  params: Record<string, unknown>;
}

/** A decision with its votes and what came of it: the optimizer's target, the orders and their fills. */
export interface DecisionRow extends RunPart {
  ts: number;
  instrumentId: string;
  decisionId: string;
  action: Decision['action'];
  score: number;
  vetoedBy: string | null;
  holdReason: string | null;
  votes: Vote[];
  /** The first target weight the optimizer set for the instrument on this decision; null when it set none. */
  targetWeight: number | null;
  orders: number;
  /** The risk manager's reason codes for the orders it denied. */
  denied: string[];
  /** Net filled quantity (bought positive, sold negative), its volume-weighted price and the fees. */
  filledQuantity: number;
  fillPrice: number | null;
  fees: number;
}

type Recorded = Journalable & Record<string, unknown>;

/**
 * A run's decisions from its journal records, in order, each joined with the records that carry its
 * id (targets, orders, denials, fills). Fills may come bars later, so rows are complete at the end.
 */
export function decisionRows(records: Iterable<Journalable>, part: RunPart): DecisionRow[] {
  type Open = DecisionRow & { filledValue: number; filledVolume: number };
  const rows: Open[] = [];
  const byId = new Map<string, Open>();
  for (const r of records as Iterable<Recorded>) {
    if (r.type === 'DecisionMade') {
      const d = r['decision'] as Decision;
      const row: Open = {
        ...part,
        ts: d.ts,
        instrumentId: d.instrumentId,
        decisionId: d.decisionId,
        action: d.action,
        score: d.score,
        vetoedBy: d.vetoedBy ?? null,
        holdReason: d.holdReason ?? null,
        votes: d.votes,
        targetWeight: null,
        orders: 0,
        denied: [],
        filledQuantity: 0,
        fillPrice: null,
        fees: 0,
        filledValue: 0,
        filledVolume: 0,
      };
      rows.push(row);
      byId.set(d.decisionId, row);
      continue;
    }
    if (r.type === 'TargetsSet') {
      for (const t of (r['targets'] as Targets).targets) {
        const row = t.decisionId === undefined ? undefined : byId.get(t.decisionId);
        if (row && row.targetWeight === null && row.instrumentId === t.instrumentId) row.targetWeight = t.weight;
      }
      continue;
    }
    const row = r.decisionId === undefined ? undefined : byId.get(r.decisionId);
    if (!row) continue;
    if (r.type === 'OrderSubmitted') row.orders++;
    else if (r.type === 'OrderDenied') row.denied.push(String(r['reasonCode']));
    else if (r.type === 'OrderFilled') {
      const f = r['fill'] as Fill;
      row.filledQuantity += f.side === 'buy' ? f.quantity : -f.quantity;
      row.filledValue += f.price * f.quantity;
      row.filledVolume += f.quantity;
      row.fees += f.fee;
    }
  }
  return rows.map(({ filledValue, filledVolume, ...row }) => ({ ...row, fillPrice: filledVolume > 0 ? filledValue / filledVolume : null }));
}

/** Every agent that voted (or was missing) in these decisions, in the order first seen: the CSV's vote columns. */
export function votingAgents(decisions: Iterable<Decision>, into = new Set<string>()): Set<string> {
  for (const d of decisions) for (const v of d.votes) into.add(v.agentId);
  return into;
}

const cell = (v: unknown) => (v === null || v === undefined ? '' : csvCell(String(v)));
const paramsText = (p: Record<string, unknown>) =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');

/** The CSV header: the decision's columns, then direction, confidence and weight per agent, then its outcome. */
export function decisionsCsvHeader(agents: readonly string[]): string {
  return [
    'point',
    'window',
    'params',
    'time',
    'instrument',
    'decision_id',
    'action',
    'score',
    'vetoed_by',
    'hold_reason',
    ...agents.flatMap((a) => [`${a}:direction`, `${a}:confidence`, `${a}:weight`]),
    'target_weight',
    'orders',
    'denied',
    'filled_quantity',
    'fill_price',
    'fees',
  ]
    .map(csvCell)
    .join(',');
}

/** One CSV line; an agent that did not vote leaves its direction and confidence empty. */
export function decisionCsvLine(row: DecisionRow, agents: readonly string[]): string {
  const votes = new Map(row.votes.map((v) => [v.agentId, v]));
  return [
    row.point,
    row.window,
    paramsText(row.params),
    new Date(row.ts).toISOString(),
    row.instrumentId,
    row.decisionId,
    row.action,
    row.score,
    row.vetoedBy,
    row.holdReason,
    ...agents.flatMap((a) => {
      const v = votes.get(a);
      return [v?.signal?.direction, v?.signal?.confidence, v?.weight];
    }),
    row.targetWeight,
    row.orders,
    row.denied.join(';'),
    row.filledQuantity,
    row.fillPrice,
    row.fees,
  ]
    .map(cell)
    .join(',');
}

/** One JSON line: the row with its time in ISO 8601 and every vote whole (signal, rationale, or why it is missing). */
export const decisionJsonLine = (row: DecisionRow): string => JSON.stringify({ time: new Date(row.ts).toISOString(), ...row });
