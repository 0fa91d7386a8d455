import { createHash } from 'node:crypto';
import type { AgentState } from '../engine/agent.ts';
import { statement, type Db } from './database.ts';

/** A checkpoint of one agent's memory the trader took: when, its SHA-256 and its size. */
export interface MemoryCheckpoint {
  id: number;
  agentId: string;
  savedAt: number;
  stateHash: string;
  bytes: number;
}

type Row = { id: number; agent_id: string; saved_at: number; state_hash: string; bytes: number };
const toCheckpoint = (r: Row): MemoryCheckpoint => ({
  id: r.id,
  agentId: r.agent_id,
  savedAt: r.saved_at,
  stateHash: r.state_hash,
  bytes: r.bytes,
});

/** Keeps a checkpoint of an agent's memory, and only the newest `keep` of that agent. */
export function saveMemoryCheckpoint(db: Db, agentId: string, state: AgentState, savedAt: number, keep: number): MemoryCheckpoint {
  const text = JSON.stringify(state);
  const hash = createHash('sha256').update(text).digest('hex');
  const { lastInsertRowid } = statement(
    db,
    'INSERT INTO memory_checkpoints (agent_id, state, state_hash, saved_at) VALUES (?, ?, ?, ?)',
  ).run(agentId, text, hash, savedAt);
  statement(
    db,
    'DELETE FROM memory_checkpoints WHERE agent_id = ? AND id NOT IN (SELECT id FROM memory_checkpoints WHERE agent_id = ? ORDER BY id DESC LIMIT ?)',
  ).run(agentId, agentId, keep);
  return { id: Number(lastInsertRowid), agentId, savedAt, stateHash: hash, bytes: Buffer.byteLength(text) };
}

/** An agent's checkpoints, newest first. */
export function listMemoryCheckpoints(db: Db, agentId: string): MemoryCheckpoint[] {
  const rows = statement(
    db,
    'SELECT id, agent_id, saved_at, state_hash, length(CAST(state AS BLOB)) AS bytes FROM memory_checkpoints WHERE agent_id = ? ORDER BY id DESC',
  ).all(agentId) as Row[];
  return rows.map(toCheckpoint);
}

/** One checkpoint's memory and hash, if the agent has that checkpoint. */
export function readMemoryCheckpoint(db: Db, agentId: string, id: number): { state: AgentState; stateHash: string } | undefined {
  const row = statement(db, 'SELECT state, state_hash FROM memory_checkpoints WHERE agent_id = ? AND id = ?').get(agentId, id) as
    { state: string; state_hash: string } | undefined;
  return row ? { state: JSON.parse(row.state) as AgentState, stateHash: row.state_hash } : undefined;
}
