import { describe, expect, it } from 'vitest';
import type { OrderCostRow } from '../store/cost-queries.ts';
import type { Vote } from '../../shared/domain/signals.ts';
import { costReport, MANUAL, orderCost, voteShares } from './trading-costs.ts';

/** A vote as costs read it (only weight, direction and confidence count). */
const vote = (agentId: string, weight: number, direction: number, confidence: number) =>
  ({ agentId, weight, signal: { agentId, instrumentId: 'X', direction, confidence, horizonMs: 1, ts: 0 } }) as unknown as Vote;

const row = (o: Partial<OrderCostRow>): OrderCostRow => ({
  clientOrderId: 'o',
  instrumentId: 'SIM:ALPHA',
  side: 'buy',
  quantity: 100,
  status: 'filled',
  filled: 100,
  notional: 0,
  fees: 0,
  createdAt: 0,
  decisionId: null,
  decision: null,
  decisionPrice: null,
  arrivalPrice: null,
  lastPrice: null,
  parentId: null,
  ...o,
});

// Figures worked by hand (see each comment); costs are positive.
const A = row({
  clientOrderId: 'd1/0',
  notional: 1005, // 100 @ 10.05
  fees: 1,
  decisionId: 'd1',
  decision: {
    action: 'buy',
    votes: [vote('analyst.technical', 2, 0.5, 0.8), vote('analyst.news', 1, 0.4, 0.5), vote('model.m', 1, -0.3, 0.9)],
  },
  decisionPrice: 10,
  arrivalPrice: 10.02,
  lastPrice: 10.1,
});
const B = row({
  clientOrderId: 'd2/0',
  side: 'sell',
  quantity: 200,
  filled: 100,
  notional: 1990, // 100 @ 19.90, then canceled
  fees: 2,
  status: 'canceled',
  decisionId: 'd2',
  decision: { action: 'sell', votes: [vote('analyst.technical', 1, -1, 1)] },
  decisionPrice: 20,
  arrivalPrice: 19.95,
  lastPrice: 19.5,
});
const C = row({ clientOrderId: 'manual-1', quantity: 10, filled: 10, notional: 500, fees: 0.5, arrivalPrice: 49.9, lastPrice: 50 });

describe('trading costs', () => {
  it('measures an order against the decision price and the arrival price', () => {
    expect(orderCost(A)).toMatchObject({
      averagePrice: 10.05,
      slippageVsDecision: 5, // 0.05 × 100
      slippageVsDecisionBps: 50, // 0.05 / 10
      slippageVsArrival: 3, // 0.03 × 100
      slippageVsArrivalBps: 29.94, // 0.03 / 10.02
      shortfall: 6, // 5 + fees 1
    });
    // A sell filled below the decision price, the rest canceled while the price fell further.
    expect(orderCost(B)).toMatchObject({
      slippageVsDecision: 10, // −(19.90 − 20) × 100
      slippageVsDecisionBps: 50,
      slippageVsArrival: 5, // −(19.90 − 19.95) × 100
      slippageVsArrivalBps: 25.06,
      shortfall: 62, // 10 + fees 2 + the 100 unfilled: −(19.50 − 20) × 100 = 50
    });
    // The trader's own order: no decision, measured against its arrival.
    expect(orderCost(C)).toMatchObject({ slippageVsDecision: null, slippageVsArrival: 1, shortfall: 1.5 });
    // Still open: the unfilled rest is not yet a missed trade.
    expect(orderCost({ ...B, status: 'partially_filled' }).shortfall).toBe(12);
  });

  it("shares a decision's costs among the votes that pushed toward its action", () => {
    // technical 2 × 0.5 × 0.8 = 0.8, news 1 × 0.4 × 0.5 = 0.2; the model voted against it.
    expect(voteShares(A.decision!)).toEqual({ 'analyst.technical': 0.8, 'analyst.news': expect.closeTo(0.2, 12) });
    expect(voteShares({ action: 'hold', votes: A.decision!.votes })).toEqual({ 'portfolio.optimizer': 1 });
  });

  it('sums per decision, per agent and over the window', () => {
    const r = costReport([A, B, C], []);
    expect(r.decisions.map((d) => [d.decisionId, d.shortfall, d.fees])).toEqual([
      ['d1', 6, 1],
      ['d2', 62, 2],
    ]);
    expect(r.agents.map((a) => [a.agentId, a.decisions, a.fees, a.shortfall])).toEqual([
      ['analyst.technical', 2, 2.8, 66.8], // 0.8 × 6 + 62
      [MANUAL, 0, 0.5, 1.5],
      ['analyst.news', 1, 0.2, 1.2], // 0.2 × 6
    ]);
    expect(r.totals).toEqual({ orders: 3, filledNotional: 3495, fees: 3.5, slippageVsDecision: 15, slippageVsArrival: 9, shortfall: 69.5 });
  });
});
