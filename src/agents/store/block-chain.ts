import { createHash } from 'node:crypto';
import { Unpackr } from 'msgpackr';
import type { ChainReport } from '../../shared/contracts/audit.contract.ts';
import { GENESIS_HASH } from './chain.ts';
import type { Journalable } from './journal.ts';
import { MAGIC, RecordEncoder, decodeRecords } from './record-codec.ts';

/**
 * A run's records, a few thousand at a time, as one binary block in the journal's own format
 * (`record-codec.ts`: each object shape and each repeated string written once in the block, then
 * referred to; issue 19, decision 1: no canonical JSON on a backtest's hot path). Each record is
 * encoded as it is appended; a block is decoded on its own. Blocks written before 2026-12-05's
 * fifteenth session are MessagePack (msgpackr's records) and are still read.
 */
export interface JournalBlock {
  /** 1, 2, … in the run. */
  index: number;
  /** The seq of its first record; its records are firstSeq … firstSeq + count − 1. */
  firstSeq: number;
  count: number;
  prevHash: string;
  /** SHA-256 over the block's header (index, firstSeq, count, prevHash) and its bytes. */
  hash: string;
  bytes: Uint8Array;
}

export function blockHash(b: Omit<JournalBlock, 'hash'>): string {
  return createHash('sha256')
    .update(`${b.index}\u001f${b.firstSeq}\u001f${b.count}\u001f${b.prevHash}\u001f`)
    .update(b.bytes)
    .digest('hex');
}

/**
 * A block's records, in order. Older blocks are MessagePack: arrays of a few hundred records in
 * sequence (the twelfth to fourteenth sessions), or one array (before the twelfth).
 */
export function decodeBlock(bytes: Uint8Array): Journalable[] {
  const records =
    bytes[0] === MAGIC
      ? decodeRecords(bytes)
      : (new Unpackr({ moreTypes: false, sequential: true }).unpackMultiple(bytes) as unknown[]).flat();
  records.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || typeof (r as { type?: unknown }).type !== 'string')
      throw new Error(`its value ${i + 1} is not a journal record`);
  });
  return records as Journalable[];
}

/**
 * Collects records into blocks of `blockRecords` and chains them: each block's hash covers the one
 * before it, so the last block's hash (the head) fingerprints the run. `flush` closes the open block
 * (at the run's end). The same records in the same order give the same blocks, byte for byte.
 */
export class BlockChainWriter {
  private readonly blockRecords: number;
  private readonly onBlock: (block: JournalBlock) => void;
  private readonly encoder = new RecordEncoder();
  /** Records in the open block. */
  private count = 0;
  private seq = 0;
  private blocks = 0;
  private head = GENESIS_HASH;

  constructor(blockRecords: number, onBlock: (block: JournalBlock) => void) {
    this.blockRecords = blockRecords;
    this.onBlock = onBlock;
  }

  get headSeq(): number {
    return this.seq;
  }

  /** The last closed block's hash; records still in the open block are not in it until `flush`. */
  get headHash(): string {
    return this.head;
  }

  /** Encodes a record into the open block and returns its seq. */
  append(record: Journalable): number {
    this.encoder.encode(record);
    this.count++;
    const seq = ++this.seq;
    if (this.count === this.blockRecords) this.flush();
    return seq;
  }

  flush(): void {
    if (!this.count) return;
    const bytes = this.encoder.take();
    const block = { index: ++this.blocks, firstSeq: this.seq - this.count + 1, count: this.count, prevHash: this.head, bytes };
    this.head = blockHash(block);
    this.count = 0;
    this.onBlock({ ...block, hash: this.head });
  }
}

/**
 * Walks blocks in order and names the first that breaks the chain: an index or seq out of order, a
 * prev_hash that is not the previous block's hash, a hash that does not match, or bytes that do not
 * decode to `count` records. `onRecords` sees each intact block's records, decoded once.
 */
export function verifyBlocks(blocks: Iterable<JournalBlock>, onRecords?: (records: readonly Journalable[]) => void): ChainReport {
  let prevHash = GENESIS_HASH;
  let index = 1;
  let seq = 1;
  let count = 0;
  for (const b of blocks) {
    const at = { ok: false as const, count, seq: b.firstSeq };
    if (b.index !== index) return { ...at, reason: `expected block ${index}, found block ${b.index}` };
    if (b.firstSeq !== seq) return { ...at, reason: `block ${b.index}: expected its first seq ${seq}, found ${b.firstSeq}` };
    if (b.prevHash !== prevHash) return { ...at, reason: `block ${b.index}: prev_hash does not match the previous block` };
    if (blockHash(b) !== b.hash) return { ...at, reason: `block ${b.index}: hash does not match the block's contents` };
    let records: unknown;
    try {
      records = decodeBlock(b.bytes);
    } catch (err) {
      return { ...at, reason: `block ${b.index}: does not decode: ${(err as Error).message}` };
    }
    if (!Array.isArray(records) || records.length !== b.count)
      return {
        ...at,
        reason: `block ${b.index}: holds ${Array.isArray(records) ? records.length : 0} records, its header says ${b.count}`,
      };
    onRecords?.(records as Journalable[]);
    prevHash = b.hash;
    seq += b.count;
    index++;
    count += b.count;
  }
  return { ok: true, count };
}
