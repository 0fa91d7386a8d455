import { describe, expect, it } from 'vitest';
import { ConsensusConfigSchema, type ConsensusConfig } from '../../shared/domain/consensus.ts';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import type { Decision, Signal } from '../../shared/domain/signals.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import { closeBar, describeAgentContract, makeWorld, type AgentWorld } from '../engine/agent-contract.test-helper.ts';
import { ConsensusEngine, type ConsensusDeps } from './consensus-engine.ts';
import type { AgentContext } from '../engine/agent.ts';

const X = 'SIM:X' as InstrumentId;
const DAY = 86_400_000;
const START = 1_700_000_000_000;

function engine(config: Partial<ConsensusConfig> = {}, deps: Partial<ConsensusDeps> = {}) {
  return {
    create: (ctx: AgentContext) =>
      new ConsensusEngine(ctx, {
        config: ConsensusConfigSchema.parse({ minWeight: 0, ...config }),
        voters: [{ votersFor: () => ['analyst.a', 'analyst.b'] }],
        risk: { vetoDecision: () => null },
        decisionPrefix: 'test',
        ...deps,
      }),
  };
}

function signal(agentId: string, ts: number, direction: number, confidence: number, extra: Partial<Signal> = {}): Signal {
  return { agentId, instrumentId: X, direction, confidence, horizonMs: DAY, rationale: { summary: '', observations: {} }, ts, ...extra };
}

/** Bar `i` of a market that rises on even bars and falls on odd ones; `a` is always right, `b` always wrong. */
function step(
  w: AgentWorld<ConsensusEngine>,
  i: number,
  votes: (i: number, up: boolean) => [number, number] = (_, up) => (up ? [1, -1] : [-1, 1]),
): void {
  const ts = START + i * DAY;
  const close = 100 + (i % 2 === 0 ? 0 : 1);
  closeBar(w, X, ts, DAY, close);
  const upNext = i % 2 === 0;
  const [a, b] = votes(i, upNext);
  w.bus.publish('SignalEmitted', {
    type: 'SignalEmitted',
    tsEvent: ts + DAY,
    tsInit: ts + DAY,
    source: 'analyst.a',
    signal: signal('analyst.a', ts + DAY, a, 0.6),
  });
  w.bus.publish('SignalEmitted', {
    type: 'SignalEmitted',
    tsEvent: ts + DAY,
    tsInit: ts + DAY,
    source: 'analyst.b',
    signal: signal('analyst.b', ts + DAY, b, 0.3),
  });
}

const decisions = (w: AgentWorld<ConsensusEngine>) =>
  w.outputs.filter((o): o is EventOf<'DecisionMade'> => (o as { type: string }).type === 'DecisionMade').map((e) => e.decision);

describeAgentContract({ name: 'ConsensusEngine', create: engine().create, step: (w, i) => step(w, i) });

describe('ConsensusEngine', () => {
  it('weighs direction × confidence by weight and acts past the threshold', () => {
    const w = makeWorld({ name: 'c', create: engine({ weights: { 'analyst.a': 2, 'analyst.b': 1 } }).create, step: () => {} });
    w.agent.start();
    step(w, 0, () => [1, -1]);
    const [d] = decisions(w) as [Decision];
    expect(d.score).toBeCloseTo((2 * 0.6 - 1 * 0.3) / 3, 12);
    expect(d.action).toBe('buy');
    expect(d.votes.map((v) => [v.agentId, v.weight])).toEqual([
      ['analyst.a', 2],
      ['analyst.b', 1],
    ]);
    expect(d.decisionId).toBe(`test:${X}:${START + DAY}`);
  });

  it('records a slow voter as missing once the cycle times out', () => {
    const w = makeWorld({
      name: 'c',
      create: engine({ cycleTimeoutMs: 300 }, { voters: [{ votersFor: () => ['analyst.a', 'analyst.b', 'model.slow'] }] }).create,
      step: () => {},
    });
    w.agent.start();
    step(w, 0);
    expect(decisions(w)).toHaveLength(0);
    w.clock.advanceBy(300);
    const [d] = decisions(w) as [Decision];
    const slow = d.votes.find((v) => v.agentId === 'model.slow')!;
    expect(slow.signal).toBeNull();
    expect(slow.missingReason).toMatch(/no signal within 300 ms/);
  });

  it('holds when the risk manager vetoes, and says who vetoed', () => {
    const w = makeWorld({
      name: 'c',
      create: engine({}, { risk: { vetoDecision: (_, action) => (action === 'buy' ? 'risk.manager: trading is HALTED' : null) } }).create,
      step: () => {},
    });
    w.agent.start();
    step(w, 0, () => [1, 1]);
    const [d] = decisions(w) as [Decision];
    expect(d).toMatchObject({ action: 'hold', vetoedBy: 'risk.manager: trading is HALTED' });
    expect(d.score).toBeGreaterThan(0.15);
  });

  it('holds without a quorum and says why', () => {
    const w = makeWorld({ name: 'c', create: engine({ minVoters: 3 }).create, step: () => {} });
    w.agent.start();
    step(w, 0, () => [1, 1]);
    expect(decisions(w)[0]).toMatchObject({ action: 'hold', holdReason: expect.stringMatching(/quorum not met: 2 voter/) });
  });

  it('moves weight towards the agent that is right, within the floor and the cap', () => {
    const config = { accuracyHalfLife: 5, weightFloor: 0.25, weightCap: 2 };
    const w = makeWorld({ name: 'c', create: engine(config).create, step: () => {} });
    w.agent.start();
    for (let i = 0; i < 40; i++) step(w, i);
    const last = decisions(w).at(-1)!;
    const weight = (id: string) => last.votes.find((v) => v.agentId === id)!.weight;
    expect(weight('analyst.a')).toBeCloseTo(2, 6);
    expect(weight('analyst.b')).toBeCloseTo(0.25, 6);
    expect(w.agent.weights().map((x) => [x.agentId, x.hitRate! > 0.99, x.hitRate! < 0.01])).toEqual([
      ['analyst.a', true, false],
      ['analyst.b', false, true],
    ]);
    // a and b always disagree.
    expect(w.agent.agreementMatrix()).toMatchObject({
      agents: ['analyst.a', 'analyst.b'],
      agreement: [
        [1, 0],
        [0, 1],
      ],
      together: [
        [0, 40],
        [40, 0],
      ],
    });
  });

  it('decides the same whether the next bar or the deadline closes a cycle (no timing in decisions)', () => {
    const run = (gapMs: number) => {
      const w = makeWorld({
        name: 'c',
        create: engine({ cycleTimeoutMs: 300 }, { voters: [{ votersFor: () => ['analyst.a', 'analyst.b', 'model.slow'] }] }).create,
        step: () => {},
      });
      w.agent.start();
      for (let i = 0; i < 12; i++) {
        const ts = START + i * gapMs;
        closeBar(w, X, ts - 1, 1, 100 + (i % 3));
        for (const [id, d] of [
          ['analyst.a', i % 2 ? 1 : -1],
          ['analyst.b', 1],
        ] as const)
          w.bus.publish('SignalEmitted', {
            type: 'SignalEmitted',
            tsEvent: ts,
            tsInit: ts,
            source: id,
            signal: signal(id, ts, d, 0.5, { horizonMs: 1 }),
          });
      }
      w.clock.advanceBy(1_000);
      return decisions(w).map((d) => [d.score, d.votes.map((v) => v.weight)]);
    };
    // 40 ms between bars: the next bar closes each cycle; 1,000 ms: the deadline does. Same decisions.
    const fast = run(40);
    const slow = run(1_000);
    expect(fast).toHaveLength(12);
    expect(slow).toEqual(fast);
  });

  it('gives a shadow model weight zero', () => {
    const w = makeWorld({
      name: 'c',
      create: engine({}, { voters: [{ votersFor: () => ['analyst.a', 'model.s'] }] }).create,
      step: () => {},
    });
    w.agent.start();
    const ts = START + DAY;
    closeBar(w, X, START, DAY, 1);
    w.bus.publish('SignalEmitted', {
      type: 'SignalEmitted',
      tsEvent: ts,
      tsInit: ts,
      source: 'analyst.model',
      signal: signal('model.s', ts, -1, 1, { rationale: { summary: '', observations: { shadow: 1 } } }),
    });
    w.bus.publish('SignalEmitted', {
      type: 'SignalEmitted',
      tsEvent: ts,
      tsInit: ts,
      source: 'analyst.a',
      signal: signal('analyst.a', ts, 1, 0.5),
    });
    const [d] = decisions(w) as [Decision];
    expect(d.votes.find((v) => v.agentId === 'model.s')!.weight).toBe(0);
    expect(d.score).toBeCloseTo(0.5, 12);
  });
});
