import { ModelRecordSchema, type ModelRecord } from '../../shared/domain/models.ts';
import type { EngineEvent, EventOf } from '../../shared/messages/events.ts';
import { statement, type Db } from './database.ts';

type Projectors = { [T in EngineEvent['type']]?: (db: Db, event: EventOf<T>, seq: number) => void };

/** The models table follows the journal: registrations and status changes. */
export const MODEL_PROJECTORS: Projectors = {
  ModelRegistered: (db, e, seq) => {
    const m = e.model;
    statement(
      db,
      'INSERT INTO models (id, name, version, sha256, file_name, size_bytes, schema, status, imported_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(m.id, m.name, m.version, m.sha256, m.fileName, m.sizeBytes, JSON.stringify(m.schema), m.status, m.importedAt, seq);
  },
  ModelStatusChanged: (db, e, seq) => {
    statement(db, 'UPDATE models SET status = ?, seq = ? WHERE id = ?').run(e.to, seq, e.modelId);
  },
};

interface ModelRow {
  id: string;
  name: string;
  version: number;
  sha256: string;
  file_name: string;
  size_bytes: number;
  schema: string;
  status: string;
  imported_at: number;
}

export function readModels(db: Db): ModelRecord[] {
  return (statement(db, 'SELECT * FROM models ORDER BY name, version').all() as ModelRow[]).map((r) =>
    ModelRecordSchema.parse({
      id: r.id,
      name: r.name,
      version: r.version,
      sha256: r.sha256,
      fileName: r.file_name,
      sizeBytes: r.size_bytes,
      schema: JSON.parse(r.schema),
      status: r.status,
      importedAt: r.imported_at,
    }),
  );
}

export function nextModelVersion(db: Db, name: string): number {
  const row = statement(db, 'SELECT MAX(version) AS v FROM models WHERE name = ?').get(name) as { v: number | null };
  return (row.v ?? 0) + 1;
}
