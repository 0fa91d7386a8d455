import { afterAll, describe, expect, it } from 'vitest';
import { Store } from './store.ts';
import { tempDir } from './store-fixtures.ts';
import { traceOrder } from './order-trace.ts';
import { silentLogger } from '../../shared/logger.ts';
import type { TestClock } from '../engine/clock.ts';
import { Kernel } from '../engine/kernel.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('the decision card trace', () => {
  it('starts from the decision: every vote with its weight, and the model version behind a model vote', () => {
    const store = Store.open(tmp.file('trace.sqlite'));
    const signal = (agentId: string, direction: number, confidence: number, model?: { id: string; hash: string }) => ({
      agentId,
      instrumentId: 'SIM:ALPHA',
      direction,
      confidence,
      horizonMs: 60_000,
      ts: 1,
      rationale: { summary: '', observations: {}, ...(model ? { model } : {}) },
    });
    store.record({
      type: 'DecisionMade',
      tsEvent: 1,
      tsInit: 1,
      source: 'consensus',
      decisionId: 'D1',
      decision: {
        decisionId: 'D1',
        instrumentId: 'SIM:ALPHA',
        score: 0.42,
        action: 'buy',
        ts: 1,
        votes: [
          { agentId: 'technical', weight: 0.6, signal: signal('technical', 0.5, 0.8) },
          { agentId: 'model', weight: 0.4, signal: signal('model', 0.3, 0.6, { id: 'mlp-sp500', hash: 'ab12cd34ef56ab12cd34' }) },
          { agentId: 'regime', weight: 0, signal: null, missingReason: 'deadline passed' },
        ],
      },
    } as never);
    store.record({
      type: 'SubmitOrder',
      tsEvent: 2,
      tsInit: 2,
      source: 'execution.agent',
      decisionId: 'D1',
      order: {
        clientOrderId: 'C1',
        instrumentId: 'SIM:ALPHA',
        side: 'buy',
        type: 'market',
        quantity: 10,
        timeInForce: 'ioc',
        status: 'initialized',
        filledQuantity: 0,
        createdAt: 2,
      },
    } as never);
    const trace = traceOrder(store.db, 'C1');
    expect(trace.decisionId).toBe('D1');
    expect(trace.steps.map((s) => s.type)).toEqual(['DecisionMade', 'SubmitOrder']);
    expect(trace.steps[0]!.summary).toBe(
      'decision buy (score 0.42): technical w=0.60 dir=0.50 conf=0.80; model w=0.40 dir=0.30 conf=0.60 model mlp-sp500@ab12cd34ef56; regime missing (deadline passed)',
    );
    // No bar recorded past the signals' horizon yet.
    expect(trace.validation).toMatchObject({ horizonMs: 60_000, verdict: 'pending', slippageBps: null });
    store.close();
  });

  it("shows the optimizer's targets as the plan, and judges the decision after its horizon", () => {
    const store = Store.open(tmp.file('plan.sqlite'));
    const kernel = new Kernel({ mode: 'backtest', store, seed: 5, log: silentLogger, barIntervalMs: 1_000, startMs: 1_700_000_000_000 });
    kernel.start();
    (kernel.clock as TestClock).advanceBy(300_000);
    kernel.stop();
    const ids = (
      store.db.prepare('SELECT client_order_id AS id FROM orders WHERE filled_quantity > 0 ORDER BY seq LIMIT 20').all() as { id: string }[]
    ).map((r) => r.id);
    const traces = ids.map((id) => traceOrder(store.db, id));
    for (const t of traces) {
      const types = t.steps.map((s) => s.type);
      expect(types.indexOf('TargetsSet')).toBeGreaterThan(-1);
      expect(types.indexOf('TargetsSet')).toBeLessThan(types.indexOf('SubmitOrder'));
      expect(t.steps.find((s) => s.type === 'TargetsSet')!.summary).toMatch(
        /^the optimizer's targets \(volatility-target\): SIM:\w+ -?\d+\.\d % @ /,
      );
      const v = t.validation!;
      expect(v.verdict).not.toBe('pending');
      if (v.verdict === 'held') continue;
      // The move is the close a horizon later against the decision's close, and the verdict follows its sign.
      expect(v.movePercent).toBeCloseTo((v.priceAfter! / v.decisionPrice! - 1) * 100, 3);
      expect(v.slippageBps).not.toBeNull();
    }
    expect(traces.some((t) => t.validation!.verdict === 'right' || t.validation!.verdict === 'wrong')).toBe(true);
    store.close();
  });
});
