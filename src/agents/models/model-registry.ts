import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_NAME_PATTERN, type ModelRecord, type ModelStatus } from '../../shared/domain/models.ts';
import type { Clock } from '../engine/clock.ts';
import { nextModelVersion, readModels } from '../store/model-projections.ts';
import type { Store } from '../store/store.ts';
import { checkModelFile } from './model-check.ts';

/** Loads a candidate file in onnxruntime and test-runs it (the inference process, or in-process for the CLI). */
export type ModelProbe = (path: string, rowShape: number[]) => Promise<{ provider: string; fallbacks: string[] }>;

export class ModelImportError extends Error {}

export interface ImportedModel {
  record: ModelRecord;
  provider: string;
  fallbacks: string[];
}

/**
 * The local model registry: checks a file against the feature contract, has onnxruntime load and
 * run it, stores it under the data directory by content hash and journals a new version. A file
 * that fails any step leaves nothing behind: no row, no stored copy.
 */
export class ModelRegistry {
  private readonly store: Store;
  private readonly probe: ModelProbe;
  private readonly clock: Clock;
  readonly dir: string;

  constructor(store: Store, dir: string, probe: ModelProbe, clock: Clock) {
    this.store = store;
    this.dir = dir;
    this.probe = probe;
    this.clock = clock;
  }

  list(): ModelRecord[] {
    return readModels(this.store.db);
  }

  get(id: string): ModelRecord {
    const m = this.list().find((r) => r.id === id);
    if (!m)
      throw new ModelImportError(
        `no model ${id}; known: ${
          this.list()
            .map((r) => r.id)
            .join(', ') || 'none'
        }`,
      );
    return m;
  }

  pathOf(model: ModelRecord): string {
    return join(this.dir, model.fileName);
  }

  async importModel(
    bytes: Uint8Array,
    options: { name?: string | undefined; fileName?: string | undefined; status?: ModelStatus } = {},
  ): Promise<ImportedModel> {
    const what = options.fileName ?? 'the file';
    const checked = checkModelFile(bytes);
    if (!checked.ok) throw new ModelImportError(`${what}: ${checked.error}`);
    const name = options.name ?? (options.fileName ?? 'model').replace(/^.*[\\/]/, '').replace(/\.onnx$/i, '');
    if (!MODEL_NAME_PATTERN.test(name))
      throw new ModelImportError(`model name "${name}" must be 1–64 letters, digits, dots, dashes or underscores (use --name)`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const same = this.list().find((m) => m.sha256 === sha256);
    if (same) throw new ModelImportError(`${what} is already registered as ${same.id} (same SHA-256 ${sha256.slice(0, 12)}…)`);

    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const version = nextModelVersion(this.store.db, name);
    const fileName = `${name}@${version}-${sha256.slice(0, 12)}.onnx`;
    const staging = join(this.dir, `.${fileName}.${process.pid}.staging`);
    const final = join(this.dir, fileName);
    writeFileSync(staging, bytes, { mode: 0o600 });
    try {
      let probed;
      try {
        probed = await this.probe(staging, checked.value.rowShape);
      } catch (err) {
        throw new ModelImportError(`${what}: ${(err as Error).message}`);
      }
      renameSync(staging, final);
      const now = this.clock.now();
      const record: ModelRecord = {
        id: `${name}@${version}`,
        name,
        version,
        sha256,
        fileName,
        sizeBytes: bytes.length,
        schema: checked.value.schema,
        status: options.status ?? 'inactive',
        importedAt: now,
      };
      try {
        this.store.record({ type: 'ModelRegistered', tsEvent: now, tsInit: now, source: 'models.registry', model: record });
      } catch (err) {
        rmSync(final, { force: true });
        throw err;
      }
      return { record, provider: probed.provider, fallbacks: probed.fallbacks };
    } finally {
      if (existsSync(staging)) rmSync(staging, { force: true });
    }
  }

  setStatus(id: string, to: ModelStatus, reason: string): ModelRecord {
    const model = this.get(id);
    if (model.status === to) return model;
    const now = this.clock.now();
    this.store.record({
      type: 'ModelStatusChanged',
      tsEvent: now,
      tsInit: now,
      source: 'models.registry',
      modelId: id,
      from: model.status,
      to,
      reason,
    });
    return { ...model, status: to };
  }
}
