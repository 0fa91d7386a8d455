import { describe, expect, it } from 'vitest';
import { OptimizerConfigSchema } from '../../shared/domain/consensus.ts';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import type { Decision } from '../../shared/domain/signals.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import type { AgentContext } from '../engine/agent.ts';
import { closeBar, describeAgentContract, makeWorld, type AgentWorld } from '../engine/agent-contract.test-helper.ts';
import { TargetTrader } from '../execution/target-trader.ts';
import { PortfolioOptimizer } from './portfolio-optimizer.ts';

const X = 'SIM:X' as InstrumentId;
const DAY = 86_400_000;
const START = 1_700_000_000_000;

const create = (ctx: AgentContext) =>
  new PortfolioOptimizer(ctx, {
    config: OptimizerConfigSchema.parse({ lookback: 30 }),
    book: { weightOf: () => 0 },
    rebalanceEveryBars: 5,
  });

/** Bar `i` of a noisy uptrend, and a decision on it: buy on bars 25–44, sell from 45. */
function step(w: AgentWorld<PortfolioOptimizer>, i: number): void {
  const ts = START + i * DAY;
  const close = 100 * (1 + 0.002 * i) * (1 + 0.01 * Math.sin(i * 1.7));
  closeBar(w, X, ts, DAY, close);
  const action = i < 25 ? 'hold' : i < 45 ? 'buy' : 'sell';
  const decision: Decision = {
    decisionId: `d${i}`,
    instrumentId: X,
    votes: [],
    score: action === 'sell' ? -0.4 : 0.4,
    action,
    ts: ts + DAY,
  };
  w.bus.publish('DecisionMade', {
    type: 'DecisionMade',
    tsEvent: ts + DAY,
    tsInit: ts + DAY,
    source: 'consensus.engine',
    decisionId: decision.decisionId,
    decision,
  });
}

const targets = (w: AgentWorld<PortfolioOptimizer>) =>
  w.outputs.filter((o): o is EventOf<'TargetsSet'> => (o as { type: string }).type === 'TargetsSet');

describeAgentContract({ name: 'PortfolioOptimizer', create, step }, 60);

describe('PortfolioOptimizer', () => {
  it('sizes a buy by volatility target and capped Kelly, and goes flat on a sell when long-only', () => {
    const w = makeWorld({ name: 'o', create, step });
    w.agent.start();
    for (let i = 0; i < 60; i++) step(w, i);
    const [first, ...rest] = targets(w);
    expect(first!.decisionId).toBe('d25');
    const weight = first!.targets.targets[0]!.weight;
    expect(weight).toBeGreaterThan(0);
    expect(weight).toBeLessThanOrEqual(0.95);
    expect(rest.at(-1)!.targets.targets[0]!.weight).toBe(0);
    expect(rest.at(-1)!.decisionId).toBe('d45');
  });
});

describe('PortfolioOptimizer with several instruments', () => {
  const Y = 'SIM:Y' as InstrumentId;
  const decide = (w: AgentWorld<PortfolioOptimizer>, id: InstrumentId, i: number, action: Decision['action']) => {
    const ts = START + i * DAY + DAY;
    const decision: Decision = { decisionId: `${id}-${i}`, instrumentId: id, votes: [], score: 0.4, action, ts };
    w.bus.publish('DecisionMade', {
      type: 'DecisionMade',
      tsEvent: ts,
      tsInit: ts,
      source: 'consensus.engine',
      decisionId: decision.decisionId,
      decision,
    });
  };
  const world = () => {
    const w = makeWorld({
      name: 'o',
      create: (ctx) =>
        new PortfolioOptimizer(ctx, {
          config: OptimizerConfigSchema.parse({ lookback: 30, method: 'risk-parity' }),
          book: { weightOf: () => 0 },
          decisionWaitMs: 300,
        }),
      step: () => {},
    });
    w.agent.start();
    for (let i = 0; i < 29; i++) {
      closeBar(w, X, START + i * DAY, DAY, 100 * (1 + 0.01 * Math.sin(i)));
      closeBar(w, Y, START + i * DAY, DAY, 50 * (1 + 0.01 * Math.cos(i * 1.3)));
      decide(w, X, i, 'hold');
      decide(w, Y, i, 'hold');
    }
    closeBar(w, X, START + 29 * DAY, DAY, 101);
    return w;
  };

  it('re-optimises once every instrument’s decision on the bar is in, each target carrying its own instrument’s decision', () => {
    const w = world();
    closeBar(w, Y, START + 29 * DAY, DAY, 51);
    decide(w, X, 29, 'buy');
    // X's buy alone does not size the book: Y's decision on the same bar is still to come.
    expect(targets(w)).toHaveLength(0);
    decide(w, Y, 29, 'buy');
    const [set, ...more] = targets(w);
    expect(more).toEqual([]);
    expect(set!.decisionId).toBe('SIM:Y-29');
    expect(set!.targets.targets.map((t) => [t.instrumentId, t.decisionId, t.weight > 0])).toEqual([
      [X, 'SIM:X-29', true],
      [Y, 'SIM:Y-29', true],
    ]);
  });

  it('does not wait past the consensus deadline for an instrument without that bar', () => {
    const w = world();
    decide(w, X, 29, 'buy');
    w.clock.advanceBy(299);
    expect(targets(w)).toHaveLength(0);
    w.clock.advanceBy(1);
    expect(targets(w).map((t) => t.decisionId)).toEqual(['SIM:X-29']);
  });
});

describe('TargetTrader', () => {
  const instrument = { id: X, symbol: 'X', venue: 'SIM', currency: 'USD', tickSize: 0.01, lotSize: 10 };
  function trader(enabled: boolean, position: number, open: { side: 'buy' | 'sell'; quantity: number }[] = []) {
    return makeWorld({
      name: 't',
      create: (ctx) =>
        new TargetTrader(ctx, {
          instruments: [instrument],
          book: { equity: () => 100_000, holding: () => ({ quantity: position }) },
          venue: {
            openOrders: () =>
              open.map(
                (o, i) =>
                  ({
                    clientOrderId: `o${i}`,
                    instrumentId: X,
                    side: o.side,
                    type: 'market',
                    quantity: o.quantity,
                    filledQuantity: 0,
                    timeInForce: 'day',
                    status: 'accepted',
                    createdAt: 0,
                  }) as never,
              ),
          },
          enabled,
        }),
      step: () => {},
    });
  }
  const set = (weight: number): EventOf<'TargetsSet'> => ({
    type: 'TargetsSet',
    tsEvent: 1,
    tsInit: 1,
    source: 'portfolio.optimizer',
    decisionId: 'dec-1',
    targets: { method: 'volatility-target', targets: [{ instrumentId: X, weight, price: 50 }], ts: 1 },
  });

  it('orders the difference between the target (whole lots) and the position plus what is on its way', () => {
    const w = trader(true, 300, [{ side: 'buy', quantity: 100 }]);
    w.agent.start();
    w.bus.publish('TargetsSet', set(0.5)); // 0.5 × 100,000 / 50 = 1,000 shares
    expect(w.outputs).toMatchObject([
      { type: 'SubmitOrder', decisionId: 'dec-1', order: { clientOrderId: 'dec-1/0', side: 'buy', quantity: 600, type: 'market' } },
    ]);
    w.bus.publish('TargetsSet', { ...set(0), decisionId: 'dec-2' });
    expect(w.outputs[1]).toMatchObject({ order: { side: 'sell', quantity: 400 } });
  });

  it('traces each order to its own instrument’s decision when the target names one', () => {
    const w = trader(true, 0);
    w.agent.start();
    const e = set(0.5);
    e.targets.targets[0]!.decisionId = 'dec-x';
    w.bus.publish('TargetsSet', e);
    expect(w.outputs).toMatchObject([
      { type: 'SubmitOrder', decisionId: 'dec-x', order: { clientOrderId: 'dec-1/0', decisionId: 'dec-x' } },
    ]);
  });

  it('does nothing while the agents may not trade, or for less than a lot', () => {
    const off = trader(false, 0);
    off.agent.start();
    off.bus.publish('TargetsSet', set(0.5));
    expect(off.outputs).toEqual([]);
    const small = trader(true, 995);
    small.agent.start();
    small.bus.publish('TargetsSet', set(0.5));
    expect(small.outputs).toEqual([]);
  });
});
