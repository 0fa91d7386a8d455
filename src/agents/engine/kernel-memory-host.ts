import type { Store } from '../store/store.ts';
import type { MemoryHost } from './agent-memory.ts';
import type { Kernel } from './kernel.ts';

/** A running session's agents as the memory's host: a change applies at once and is checkpointed for the next start. */
export function kernelMemoryHost(
  kernel: Pick<Kernel, 'store' | 'clock' | 'bus' | 'agentsTrade' | 'memoryAgent' | 'checkpoint'>,
): MemoryHost {
  const agent = (id: string) => {
    const a = kernel.memoryAgent(id);
    if (!a) throw new Error(`no agent ${id} in this session`);
    return a;
  };
  return {
    db: kernel.store.db,
    now: () => kernel.clock.now(),
    trading: () => kernel.agentsTrade,
    current: (id) => agent(id).saveState(),
    load: (id, state) => {
      agent(id).loadState(state);
      kernel.checkpoint();
    },
    reset: (id) => {
      const a = agent(id);
      a.stop();
      a.reset();
      a.start();
      kernel.checkpoint();
    },
    journal: (event) => kernel.bus.publish(event.type, event),
    transaction: (fn) => kernel.store.db.transaction(fn)(),
  };
}

/** A profile with no engine running as the memory's host: its checkpoints are what the next session starts from. */
export function storeMemoryHost(store: Store, now: () => number): MemoryHost {
  return {
    db: store.db,
    now,
    // Without an engine nothing trades (and a session starts with the agents' trading off).
    trading: () => false,
    current: (id) => store.checkpoints.load(id),
    load: (id, state) => store.checkpoints.save(id, state, now()),
    reset: (id) => store.checkpoints.remove(id),
    journal: (event) => store.record(event),
    transaction: (fn) => store.db.transaction(fn)(),
  };
}
