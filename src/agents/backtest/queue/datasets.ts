import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Redis } from 'ioredis';

/** A file a job needs (bars, an ONNX model), named by the SHA-256 of its bytes. */
export interface DatasetRef {
  hash: string;
  name: string;
}

const key = (hash: string) => `quorum:dataset:${hash}`;
/** How long an unused dataset stays in Redis; each submission that uses it again renews it. */
const KEEP_SECONDS = 7 * 24 * 3600;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Puts each file's bytes in Redis under its hash, unless they are there already (then renews them). */
export async function publishFiles(redis: Redis, files: readonly string[]): Promise<Map<string, DatasetRef>> {
  const refs = new Map<string, DatasetRef>();
  for (const file of new Set(files)) {
    const bytes = readFileSync(file);
    const ref = { hash: sha256(bytes), name: basename(file) };
    const added = await redis.set(key(ref.hash), bytes, 'EX', KEEP_SECONDS, 'NX');
    if (added === null) await redis.expire(key(ref.hash), KEEP_SECONDS);
    refs.set(file, ref);
  }
  return refs;
}

/**
 * A worker's copies of the datasets, in `dir/HASH/NAME` (the name kept: instruments are named after
 * their files). Each is fetched from Redis once, checked against its hash, and kept for later jobs.
 */
export class DatasetCache {
  private readonly redis: Redis;
  private readonly dir: string;
  private readonly log: (line: string) => void;
  private readonly fetching = new Map<string, Promise<string>>();

  constructor(redis: Redis, dir: string, log: (line: string) => void) {
    this.redis = redis;
    this.dir = dir;
    this.log = log;
  }

  pathOf(ref: DatasetRef): Promise<string> {
    const file = join(this.dir, ref.hash, basename(ref.name));
    if (existsSync(file)) return Promise.resolve(file);
    let pending = this.fetching.get(ref.hash);
    if (!pending) {
      pending = this.fetch(ref, file).finally(() => this.fetching.delete(ref.hash));
      this.fetching.set(ref.hash, pending);
    }
    return pending;
  }

  private async fetch(ref: DatasetRef, file: string): Promise<string> {
    const bytes = await this.redis.getBuffer(key(ref.hash));
    if (bytes === null)
      throw new Error(`dataset ${ref.name} (${ref.hash.slice(0, 12)}…) is no longer in Redis: submit the sweep again to send it`);
    if (sha256(bytes) !== ref.hash)
      throw new Error(`dataset ${ref.name}: the bytes in Redis do not match its hash ${ref.hash.slice(0, 12)}…`);
    mkdirSync(join(this.dir, ref.hash), { recursive: true });
    // Written beside and renamed, so a worker killed mid-write never leaves half a file to trust.
    writeFileSync(`${file}.${process.pid}.partial`, bytes);
    renameSync(`${file}.${process.pid}.partial`, file);
    this.log(`fetched ${ref.name} (${ref.hash.slice(0, 12)}…, ${bytes.length.toLocaleString('en-US')} bytes) into ${file}`);
    return file;
  }
}
