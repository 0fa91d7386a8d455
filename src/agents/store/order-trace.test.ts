import { afterAll, describe, expect, it } from 'vitest';
import { Store } from './store.ts';
import { tempDir } from './store-fixtures.ts';
import { traceOrder } from './order-trace.ts';

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
    store.close();
  });
});
