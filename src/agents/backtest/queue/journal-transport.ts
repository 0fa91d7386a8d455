import type { Redis } from 'ioredis';
import type { JournalBlock } from '../../store/block-chain.ts';
import type { BacktestTaskResult } from '../jobs/backtest-task.ts';

/** A result as it travels back through the queue: a kept journal is parked under a key of its own. */
export type QueuedResult = Omit<BacktestTaskResult, 'journal'> & { journalKey?: string };

const key = (jobId: string) => `quorum:journal:${jobId}`;
/** A parked journal the submitter never collected (it stopped) is dropped after a day. */
const KEEP_SECONDS = 24 * 3600;

/** The blocks in one buffer: the headers' JSON length (4 bytes), the headers, then each block's bytes. */
export function packBlocks(blocks: readonly JournalBlock[]): Buffer {
  const headers = Buffer.from(JSON.stringify(blocks.map(({ bytes, ...h }) => ({ ...h, length: bytes.byteLength }))));
  const size = Buffer.alloc(4);
  size.writeUInt32BE(headers.length);
  return Buffer.concat([size, headers, ...blocks.map((b) => b.bytes)]);
}

export function unpackBlocks(packed: Buffer): JournalBlock[] {
  const size = packed.readUInt32BE(0);
  const headers = JSON.parse(packed.subarray(4, 4 + size).toString()) as (Omit<JournalBlock, 'bytes'> & { length: number })[];
  let at = 4 + size;
  return headers.map(({ length, ...h }) => {
    const bytes = new Uint8Array(packed.subarray(at, (at += length)));
    return { ...h, bytes };
  });
}

/**
 * Worker side: the journal goes under a key of its own instead of into the job's return value,
 * which Redis keeps with the job and in its event stream (tens of MB for a long run).
 */
export async function parkJournal(redis: Redis, jobId: string, result: BacktestTaskResult): Promise<QueuedResult> {
  const { journal, ...rest } = result;
  if (!journal) return rest;
  await redis.set(key(jobId), packBlocks(journal), 'EX', KEEP_SECONDS);
  return { ...rest, journalKey: key(jobId) };
}

/** Submitter side: the result with its journal fetched back (and removed from Redis). */
export async function collectJournal(redis: Redis, queued: QueuedResult): Promise<BacktestTaskResult> {
  const { journalKey, ...rest } = queued;
  if (!journalKey) return rest;
  const packed = await redis.getBuffer(journalKey);
  if (!packed) throw new Error(`the journal a worker left under ${journalKey} is gone from Redis`);
  await redis.del(journalKey);
  return { ...rest, journal: unpackBlocks(packed) };
}
