import type { AgentState } from '../engine/agent.ts';
import type { Db } from './database.ts';

/** Agent checkpoints: the last `saveState` of each agent, restored after a restart. */
export class CheckpointStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  save(agentId: string, state: AgentState, savedAt: number): void {
    this.db
      .prepare(
        `INSERT INTO agent_checkpoints (agent_id, state, saved_at) VALUES (?, ?, ?)
         ON CONFLICT (agent_id) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at`,
      )
      .run(agentId, JSON.stringify(state), savedAt);
  }

  /** Forgets an agent's checkpoint: it starts from its initial state next time. */
  remove(agentId: string): void {
    this.db.prepare('DELETE FROM agent_checkpoints WHERE agent_id = ?').run(agentId);
  }

  load(agentId: string): AgentState | undefined {
    const row = this.db.prepare('SELECT state FROM agent_checkpoints WHERE agent_id = ?').get(agentId) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as AgentState) : undefined;
  }
}
