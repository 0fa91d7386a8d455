import type { OrderCostRow, ParentCostRow } from '../store/cost-queries.ts';

/** What one order cost. Costs are positive (a buy above, or a sell below, the reference price), in the account's currency. */
export interface OrderCost {
  clientOrderId: string;
  instrumentId: string;
  side: 'buy' | 'sell';
  quantity: number;
  filled: number;
  averagePrice: number | null;
  fees: number;
  decisionId: string | null;
  decisionPrice: number | null;
  arrivalPrice: number | null;
  /** (average − decision price) × filled, signed by side; and in basis points of the decision price. */
  slippageVsDecision: number | null;
  slippageVsDecisionBps: number | null;
  slippageVsArrival: number | null;
  slippageVsArrivalBps: number | null;
  /**
   * Implementation shortfall against the decision price (the arrival price for the trader's own
   * orders): the fills' slippage, the fees, and what the unfilled rest missed by the last price.
   */
  shortfall: number | null;
  parentId: string | null;
}

/** Costs summed over a group of orders (a decision, an agent's share, the whole window). */
export interface CostTotals {
  orders: number;
  filledNotional: number;
  fees: number;
  slippageVsDecision: number;
  slippageVsArrival: number;
  shortfall: number;
}

/** The part of a decision's costs each agent carries: its share of the weighted votes that pushed toward the action. */
export interface AgentCost extends CostTotals {
  agentId: string;
  decisions: number;
}

export interface DecisionCost extends CostTotals {
  decisionId: string;
  instrumentId: string;
  action: string;
  /** agentId → its share (0 … 1) of this decision. */
  shares: Record<string, number>;
}

export interface CostReport {
  orders: OrderCost[];
  decisions: DecisionCost[];
  agents: AgentCost[];
  parents: ParentCostRow[];
  totals: CostTotals;
}

/** The trader's own orders (no decision) are carried by this "agent". */
export const MANUAL = 'trader (manual orders)';
/** Orders of a decision no vote pushed toward (a rebalance while it held) are the optimizer's. */
export const OPTIMIZER = 'portfolio.optimizer';

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function slip(side: 'buy' | 'sell', average: number | null, reference: number | null, filled: number) {
  if (average === null || reference === null || filled === 0) return { money: null, bps: null };
  const per = (side === 'buy' ? 1 : -1) * (average - reference);
  return { money: round(per * filled, 6), bps: round((per * 10_000) / reference) };
}

export function orderCost(o: OrderCostRow): OrderCost {
  const averagePrice = o.filled > 0 ? o.notional / o.filled : null;
  const vsDecision = slip(o.side, averagePrice, o.decisionPrice, o.filled);
  const vsArrival = slip(o.side, averagePrice, o.arrivalPrice, o.filled);
  const reference = o.decisionPrice ?? o.arrivalPrice;
  // An order still open has missed nothing yet: the rest's opportunity cost counts once it has ended.
  const ended = !['submitted', 'accepted', 'partially_filled'].includes(o.status);
  const sign = o.side === 'buy' ? 1 : -1;
  const shortfall =
    reference === null
      ? null
      : round(
          sign * ((averagePrice ?? reference) - reference) * o.filled +
            o.fees +
            (ended && o.lastPrice !== null ? sign * (o.lastPrice - reference) * (o.quantity - o.filled) : 0),
          6,
        );
  return {
    clientOrderId: o.clientOrderId,
    instrumentId: o.instrumentId,
    side: o.side,
    quantity: o.quantity,
    filled: o.filled,
    averagePrice: averagePrice === null ? null : round(averagePrice, 6),
    fees: round(o.fees, 6),
    decisionId: o.decisionId,
    decisionPrice: o.decisionPrice,
    arrivalPrice: o.arrivalPrice,
    slippageVsDecision: vsDecision.money,
    slippageVsDecisionBps: vsDecision.bps,
    slippageVsArrival: vsArrival.money,
    slippageVsArrivalBps: vsArrival.bps,
    shortfall,
    parentId: o.parentId,
  };
}

const empty = (): CostTotals => ({ orders: 0, filledNotional: 0, fees: 0, slippageVsDecision: 0, slippageVsArrival: 0, shortfall: 0 });

function add(t: CostTotals, c: OrderCost, share = 1): void {
  t.orders += share;
  t.filledNotional += share * (c.averagePrice ?? 0) * c.filled;
  t.fees += share * c.fees;
  t.slippageVsDecision += share * (c.slippageVsDecision ?? 0);
  t.slippageVsArrival += share * (c.slippageVsArrival ?? 0);
  t.shortfall += share * (c.shortfall ?? 0);
}

function rounded<T extends CostTotals>(t: T): T {
  return {
    ...t,
    orders: round(t.orders, 3),
    filledNotional: round(t.filledNotional),
    fees: round(t.fees),
    slippageVsDecision: round(t.slippageVsDecision),
    slippageVsArrival: round(t.slippageVsArrival),
    shortfall: round(t.shortfall),
  };
}

/**
 * Each voter's share of a decision: its weight × direction × confidence toward the action taken,
 * over the sum of those that pushed that way (voters against it, or silent, carry none); the
 * optimizer's alone when none did.
 */
export function voteShares(decision: NonNullable<OrderCostRow['decision']>): Record<string, number> {
  const toward = decision.action === 'buy' ? 1 : decision.action === 'sell' ? -1 : 0;
  const pushes = decision.votes
    .map((v) => ({ agentId: v.agentId, push: v.signal ? toward * v.weight * v.signal.direction * v.signal.confidence : 0 }))
    .filter((p) => p.push > 0);
  const total = pushes.reduce((s, p) => s + p.push, 0);
  // A rebalance on a decision that held (risk or volatility moved the target): the optimizer's doing.
  if (!pushes.length) return { [OPTIMIZER]: 1 };
  return Object.fromEntries(pushes.map((p) => [p.agentId, p.push / total]));
}

/** Costs per order, per decision, per agent (by vote share) and per parent order, with the window's totals. */
export function costReport(rows: readonly OrderCostRow[], parents: ParentCostRow[]): CostReport {
  const orders = rows.map(orderCost);
  const totals = empty();
  const decisions = new Map<string, DecisionCost>();
  const agents = new Map<string, AgentCost>();
  const agent = (id: string) => agents.get(id) ?? agents.set(id, { agentId: id, decisions: 0, ...empty() }).get(id)!;
  rows.forEach((row, i) => {
    const c = orders[i]!;
    add(totals, c);
    if (!row.decisionId || !row.decision) {
      add(agent(MANUAL), c);
      return;
    }
    let d = decisions.get(row.decisionId);
    if (!d) {
      d = {
        decisionId: row.decisionId,
        instrumentId: row.instrumentId,
        action: row.decision.action,
        shares: voteShares(row.decision),
        ...empty(),
      };
      decisions.set(row.decisionId, d);
      for (const id of Object.keys(d.shares)) agent(id).decisions++;
    }
    add(d, c);
    for (const [id, share] of Object.entries(d.shares)) add(agent(id), c, share);
  });
  return {
    orders,
    decisions: [...decisions.values()].map(rounded),
    agents: [...agents.values()].map(rounded).sort((a, b) => b.shortfall - a.shortfall),
    parents,
    totals: rounded(totals),
  };
}
