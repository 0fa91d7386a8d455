import type { EventOf } from '../../shared/messages/events.ts';
import type { Db } from '../store/database.ts';
import { listMemoryCheckpoints, readMemoryCheckpoint, saveMemoryCheckpoint, type MemoryCheckpoint } from '../store/memory-checkpoints.ts';
import type { AgentState } from './agent.ts';

/**
 * The agents whose memory is learned and kept across restarts, and what it is. The analysts rebuild
 * theirs from the recorded bars at every start; the book (portfolio, venue) and the market feed are
 * the account's truth, not memory to wipe.
 */
export const MEMORY_AGENTS: Readonly<Record<string, string>> = {
  'consensus.engine': "each analyst's hit rate (which moves its weight), their agreement, the latest decisions",
  'portfolio.optimizer': 'its window of returns, the stance and target it holds per instrument',
};

/** How many checkpoints of each agent are kept (the oldest goes first). */
export const MEMORY_CHECKPOINTS_KEPT = 10;

export class MemoryRefused extends Error {}

/** Where an agent's memory lives: a running kernel's agents, or (no engine running) the profile's checkpoints. */
export interface MemoryHost {
  db: Db;
  now(): number;
  /** Whether the agents' targets become orders now: memory is changed only while they do not. */
  trading(): boolean;
  current(agentId: string): AgentState | undefined;
  load(agentId: string, state: AgentState): void;
  reset(agentId: string): void;
  journal(event: EventOf<'AgentMemoryChanged'>): void;
  /** Runs the change and its journal row as one transaction. */
  transaction(fn: () => void): void;
}

export interface MemoryAgentView {
  agentId: string;
  what: string;
  checkpoints: MemoryCheckpoint[];
}

/** Checkpoint, restore and wipe of one agent's memory, each journaled (`AgentMemoryChanged`). */
export class AgentMemory {
  private readonly host: MemoryHost;

  constructor(host: MemoryHost) {
    this.host = host;
  }

  list(): MemoryAgentView[] {
    return Object.entries(MEMORY_AGENTS).map(([agentId, what]) => ({
      agentId,
      what,
      checkpoints: listMemoryCheckpoints(this.host.db, agentId),
    }));
  }

  checkpoint(agentId: string): MemoryCheckpoint {
    this.check(agentId);
    const state = this.host.current(agentId) ?? null;
    let saved: MemoryCheckpoint | undefined;
    this.host.transaction(() => {
      saved = saveMemoryCheckpoint(this.host.db, agentId, state, this.host.now(), MEMORY_CHECKPOINTS_KEPT);
      this.journal(agentId, 'checkpoint', saved.id, saved.stateHash);
    });
    return saved!;
  }

  restore(agentId: string, checkpointId: number): void {
    this.check(agentId);
    const saved = readMemoryCheckpoint(this.host.db, agentId, checkpointId);
    if (!saved) throw new MemoryRefused(`${agentId} has no checkpoint ${checkpointId} (quorum agents list shows those kept)`);
    this.host.transaction(() => {
      this.host.load(agentId, saved.state);
      this.journal(agentId, 'restore', checkpointId, saved.stateHash);
    });
  }

  reset(agentId: string): void {
    this.check(agentId);
    this.host.transaction(() => {
      this.host.reset(agentId);
      this.journal(agentId, 'reset', null, null);
    });
  }

  private check(agentId: string): void {
    if (!(agentId in MEMORY_AGENTS))
      throw new MemoryRefused(`"${agentId}" keeps no memory that can be changed; these do: ${Object.keys(MEMORY_AGENTS).join(', ')}`);
    if (this.host.trading()) throw new MemoryRefused("the agents are trading: turn their trading off before changing an agent's memory");
  }

  private journal(
    agentId: string,
    action: EventOf<'AgentMemoryChanged'>['action'],
    checkpointId: number | null,
    stateHash: string | null,
  ): void {
    const now = this.host.now();
    this.host.journal({
      type: 'AgentMemoryChanged',
      tsEvent: now,
      tsInit: now,
      source: 'agents.memory',
      agentId,
      action,
      checkpointId,
      stateHash,
    });
  }
}
