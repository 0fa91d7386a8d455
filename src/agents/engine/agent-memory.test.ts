import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { verifyChain } from '../store/chain.ts';
import { Store } from '../store/store.ts';
import { tempDir } from '../store/store-fixtures.ts';
import { AgentMemory, MEMORY_CHECKPOINTS_KEPT } from './agent-memory.ts';
import type { TestClock } from './clock.ts';
import { Kernel } from './kernel.ts';
import { kernelMemoryHost, storeMemoryHost } from './kernel-memory-host.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);
let n = 0;

/** A session on the simulator with the agents' trading off, run for `seconds` of one-second bars. */
function session(file = tmp.file(`m${n++}.sqlite`)) {
  const store = Store.open(file);
  const kernel = new Kernel({
    mode: 'backtest',
    store,
    seed: 3,
    log: silentLogger,
    barIntervalMs: 1_000,
    startMs: 1_700_000_000_000,
    agentsTrade: false,
  });
  kernel.start();
  const run = (seconds: number) => (kernel.clock as TestClock).advanceBy(seconds * 1_000);
  return { kernel, store, run, memory: new AgentMemory(kernelMemoryHost(kernel)), file };
}

const memoryOf = (k: Kernel) => JSON.stringify(k.consensus.saveState());
const journaled = (store: Store) =>
  [...store.journal.rows()]
    .filter((r) => r.type === 'AgentMemoryChanged')
    .map((r) => JSON.parse(r.payload) as { action: string; agentId: string; checkpointId: number | null });

describe("an agent's memory", () => {
  it('is checkpointed, restored and wiped in a running session, each journaled', () => {
    const { kernel, store, run, memory } = session();
    run(120);
    expect(kernel.consensus.weights().length).toBeGreaterThan(0);
    const saved = memory.checkpoint('consensus.engine');
    const atCheckpoint = memoryOf(kernel);
    run(60);
    expect(memoryOf(kernel)).not.toBe(atCheckpoint);
    memory.restore('consensus.engine', saved.id);
    expect(memoryOf(kernel)).toBe(atCheckpoint);
    // Kept for the next start too.
    expect(JSON.stringify(store.checkpoints.load('consensus.engine'))).toBe(atCheckpoint);
    memory.reset('consensus.engine');
    expect(kernel.consensus.weights()).toEqual([]);
    // It goes on learning after a wipe.
    run(60);
    expect(kernel.consensus.weights().length).toBeGreaterThan(0);
    expect(journaled(store).map((e) => [e.action, e.agentId, e.checkpointId])).toEqual([
      ['checkpoint', 'consensus.engine', saved.id],
      ['restore', 'consensus.engine', saved.id],
      ['reset', 'consensus.engine', null],
    ]);
    expect(verifyChain(store.journal.rows()).ok).toBe(true);
    kernel.stop();
    store.close();
  });

  it('is changed only while the agents are not trading, of an agent that keeps memory', () => {
    const { kernel, store, run, memory } = session();
    run(5);
    const now = kernel.clock.now();
    kernel.dispatch({ type: 'SetAgentsTrading', tsEvent: now, tsInit: now, source: 'test', enabled: true });
    expect(() => memory.checkpoint('portfolio.optimizer')).toThrow(/the agents are trading: turn their trading off/);
    expect(() => memory.reset('consensus.engine')).toThrow(/the agents are trading/);
    kernel.dispatch({ type: 'SetAgentsTrading', tsEvent: now, tsInit: now, source: 'test', enabled: false });
    expect(() => memory.reset('portfolio.tracker')).toThrow(
      /"portfolio.tracker" keeps no memory that can be changed; these do: consensus.engine, portfolio.optimizer/,
    );
    expect(() => memory.restore('consensus.engine', 999)).toThrow(/consensus.engine has no checkpoint 999/);
    expect(journaled(store)).toEqual([]);
    kernel.stop();
    store.close();
  });

  it(`keeps the last ${MEMORY_CHECKPOINTS_KEPT} checkpoints of each agent, newest first`, () => {
    const { kernel, store, run, memory } = session();
    const ids: number[] = [];
    for (let i = 0; i < MEMORY_CHECKPOINTS_KEPT + 2; i++) {
      run(1);
      ids.push(memory.checkpoint('portfolio.optimizer').id);
    }
    const listed = memory.list().find((a) => a.agentId === 'portfolio.optimizer')!.checkpoints;
    expect(listed.map((c) => c.id)).toEqual(ids.slice(2).reverse());
    expect(listed[0]!.stateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(memory.list().find((a) => a.agentId === 'consensus.engine')!.checkpoints).toEqual([]);
    kernel.stop();
    store.close();
  });

  it('is changed in the profile when no engine runs, and the next session starts from it', () => {
    const first = session();
    first.run(120);
    const learned = memoryOf(first.kernel);
    first.kernel.stop();
    first.store.close();

    const store = Store.open(first.file);
    const offline = new AgentMemory(storeMemoryHost(store, () => 1_700_000_999_000));
    const saved = offline.checkpoint('consensus.engine');
    offline.reset('consensus.engine');
    store.close();
    const wiped = session(first.file);
    expect(wiped.kernel.consensus.weights()).toEqual([]);
    wiped.kernel.stop();
    wiped.store.close();

    const again = Store.open(first.file);
    new AgentMemory(storeMemoryHost(again, () => 1_700_001_000_000)).restore('consensus.engine', saved.id);
    again.close();
    const restored = session(first.file);
    expect(memoryOf(restored.kernel)).toBe(learned);
    expect(journaled(restored.store).map((e) => e.action)).toEqual(['checkpoint', 'reset', 'restore']);
    restored.kernel.stop();
    restored.store.close();
  });
});
