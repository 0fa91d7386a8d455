import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import type { EngineCommand } from '../../shared/messages/commands.ts';
import type { Agent, AgentContext } from './agent.ts';
import { TestClock } from './clock.ts';
import { MessageBus } from './message-bus.ts';

export interface AgentWorld<A extends Agent> {
  agent: A;
  bus: MessageBus;
  clock: TestClock;
  /** Everything the agent published or dispatched, in order. */
  outputs: unknown[];
}

/** How the shared contract test builds and drives one kind of agent. */
export interface AgentHarness<A extends Agent> {
  name: string;
  create(ctx: AgentContext): A;
  /** Feeds the agent the input of step `step` (publish events, advance the clock, send commands). */
  step(world: AgentWorld<A>, step: number): void;
  /** For an agent that keeps state others read rather than publishing (the portfolio): what to record after each step. */
  observe?(agent: A): unknown;
  /**
   * For an agent whose restart is not its checkpoint alone, and says why (the portfolio's holdings
   * come back from the journal's projections; the paper exchange's book does not survive a restart).
   * Its save → load test then asks that a restored agent runs on deterministically.
   */
  restartIsNotSeamless?: string;
}

/** Builds an agent on a fresh bus and TestClock, recording what it says. */
export function makeWorld<A extends Agent>(harness: AgentHarness<A>, seed = 42, startMs = 1_700_000_000_000): AgentWorld<A> {
  const bus = new MessageBus();
  const clock = new TestClock(startMs);
  const outputs: unknown[] = [];
  let agentId = '';
  const ctx: AgentContext = {
    bus,
    clock,
    random: new SeededRandom(seed),
    log: silentLogger,
    dispatch: (command: EngineCommand) => outputs.push(command),
  };
  const agent = harness.create(ctx);
  agentId = agent.id;
  bus.subscribe('*', (m) => {
    if ((m as { source?: string }).source === agentId) outputs.push(m);
  });
  return { agent, bus, clock, outputs };
}

/**
 * Moves the clock to the close of a flat bar (open = high = low = close) of `instrumentId` that
 * starts at `ts`, and publishes it: the input most agent tests step on.
 */
export function closeBar(world: AgentWorld<Agent>, instrumentId: string, ts: number, intervalMs: number, close: number): void {
  const end = ts + intervalMs;
  world.clock.advanceTo(end);
  world.bus.publish('BarClosed', {
    type: 'BarClosed',
    tsEvent: end,
    tsInit: end,
    source: 'feed',
    bar: { instrumentId, ts, intervalMs, open: close, high: close, low: close, close, volume: 1 },
  });
}

function run<A extends Agent>(harness: AgentHarness<A>, world: AgentWorld<A>, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    harness.step(world, i);
    if (harness.observe && world.agent.state === 'running') world.outputs.push(JSON.parse(JSON.stringify(harness.observe(world.agent))));
  }
}

/**
 * The contract every agent passes (CONVENTIONS.md, Tests): clean start/stop/reset, the same
 * output for the same input under TestClock, state that survives save → load, and nothing said
 * after stop.
 */
export function describeAgentContract<A extends Agent>(harness: AgentHarness<A>, steps = 40): void {
  describe(`agent contract: ${harness.name}`, () => {
    it('starts, stops and resets cleanly', () => {
      const w = makeWorld(harness);
      expect(w.agent.state).toBe('ready');
      w.agent.start();
      expect(w.agent.state).toBe('running');
      expect(() => w.agent.start()).toThrow();
      expect(() => w.agent.reset()).toThrow();
      w.agent.stop();
      expect(w.agent.state).toBe('stopped');
      w.agent.reset();
      expect(w.agent.state).toBe('ready');
      w.agent.start();
      expect(w.agent.state).toBe('running');
    });

    it('says the same thing for the same input', () => {
      const a = makeWorld(harness);
      const b = makeWorld(harness);
      a.agent.start();
      b.agent.start();
      run(harness, a, 0, steps);
      run(harness, b, 0, steps);
      expect(a.outputs.length).toBeGreaterThan(0);
      expect(b.outputs).toEqual(a.outputs);
    });

    // Runs the first half, stops, saves; `restored()` loads that into a new agent and runs the second half.
    const interrupted = () => {
      const half = Math.floor(steps / 2);
      const first = makeWorld(harness);
      first.agent.start();
      run(harness, first, 0, half);
      first.agent.stop();
      const saved = JSON.parse(JSON.stringify(first.agent.saveState()));
      const restored = () => {
        const w = makeWorld(harness, 42, first.clock.now());
        w.agent.loadState(saved);
        w.agent.start();
        run(harness, w, half, steps);
        return w.outputs;
      };
      return { before: first.outputs, restored };
    };

    if (harness.restartIsNotSeamless !== undefined)
      it(`after save → load runs on deterministically (not seamless: ${harness.restartIsNotSeamless})`, () => {
        const { restored } = interrupted();
        const a = restored();
        expect(a.length).toBeGreaterThan(0);
        expect(restored()).toEqual(a);
      });
    else
      it('continues after save → load exactly as if never interrupted', () => {
        const whole = makeWorld(harness);
        whole.agent.start();
        run(harness, whole, 0, steps);
        const { before, restored } = interrupted();
        expect([...before, ...restored()]).toEqual(whole.outputs);
      });

    it('forgets everything on reset', () => {
      const fresh = makeWorld(harness);
      const used = makeWorld(harness);
      used.agent.start();
      run(harness, used, 0, steps);
      used.agent.stop();
      used.agent.reset();
      expect(used.agent.saveState()).toEqual(fresh.agent.saveState());
    });

    it('says nothing after stop', () => {
      const w = makeWorld(harness);
      w.agent.start();
      run(harness, w, 0, 3);
      w.agent.stop();
      const before = w.outputs.length;
      run(harness, w, 3, steps);
      expect(w.outputs.length).toBe(before);
    });
  });
}

/** Publishes a holding decision on an instrument, stamped now (for agents that watch decisions). */
export function publishDecision(world: AgentWorld<Agent>, instrumentId: string, decisionId: string): void {
  const now = world.clock.now();
  world.bus.publish('DecisionMade', {
    type: 'DecisionMade',
    tsEvent: now,
    tsInit: now,
    source: 'consensus',
    decisionId,
    decision: { decisionId, instrumentId: instrumentId as never, votes: [], score: 0, action: 'hold', ts: now },
  });
}
