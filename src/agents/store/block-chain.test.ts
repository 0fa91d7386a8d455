import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { BlockChainWriter, blockHash, decodeBlock, verifyBlocks, type JournalBlock } from './block-chain.ts';
import { GENESIS_HASH } from './chain.ts';
import type { Journalable } from './journal.ts';
import { BLOCK_RECORDS, JournalBlocks } from './journal-blocks.ts';
import { MAGIC } from './record-codec.ts';
import { Store } from './store.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';

const record = (i: number): Journalable & Record<string, unknown> => ({
  type: i % 3 === 0 ? 'DecisionMade' : 'OrderFilled',
  tsEvent: 1_700_000_000_000 + i,
  tsInit: 1_700_000_000_000 + i,
  source: 'consensus.engine',
  decisionId: `d-${i}`,
  score: i / 7,
  votes: [{ agentId: 'technical', score: -0.25, weight: 1.5 }],
  note: i % 2 ? undefined : 'ü ∆ text',
});

function write(n: number, size: number): { blocks: JournalBlock[]; writer: BlockChainWriter } {
  const blocks: JournalBlock[] = [];
  const writer = new BlockChainWriter(size, (b) => blocks.push(b));
  for (let i = 1; i <= n; i++) expect(writer.append(record(i))).toBe(i);
  writer.flush();
  return { blocks, writer };
}

describe('block chain (a backtest journal in blocks)', () => {
  it('cuts records into blocks, the last one at the end, and decodes every record as it went in', () => {
    const { blocks, writer } = write(10, 4);
    expect(blocks.map((b) => [b.index, b.firstSeq, b.count])).toEqual([
      [1, 1, 4],
      [2, 5, 4],
      [3, 9, 2],
    ]);
    expect(blocks[0]!.prevHash).toBe(GENESIS_HASH);
    expect(blocks[1]!.prevHash).toBe(blocks[0]!.hash);
    expect(writer.headHash).toBe(blocks[2]!.hash);
    expect(writer.headSeq).toBe(10);
    const decoded = blocks.flatMap((b) => decodeBlock(b.bytes));
    expect(decoded).toEqual(Array.from({ length: 10 }, (_, i) => record(i + 1)));
    expect(verifyBlocks(blocks)).toEqual({ ok: true, count: 10 });
  });

  it('gives the same bytes and head for the same records, and another head for any change', () => {
    const a = write(50, 16);
    const b = write(50, 16);
    expect(b.writer.headHash).toBe(a.writer.headHash);
    expect(Buffer.concat(b.blocks.map((x) => x.bytes)).equals(Buffer.concat(a.blocks.map((x) => x.bytes)))).toBe(true);
    const other: JournalBlock[] = [];
    const writer = new BlockChainWriter(16, (x) => other.push(x));
    for (let i = 1; i <= 50; i++) writer.append(i === 33 ? { ...record(i), score: 0 } : record(i));
    writer.flush();
    expect(other[0]!.hash).toBe(a.blocks[0]!.hash);
    expect(other[2]!.hash).not.toBe(a.blocks[2]!.hash);
    expect(writer.headHash).not.toBe(a.writer.headHash);
  });

  it('decodes its own blocks, and the MessagePack blocks of earlier sessions’ backtest databases', () => {
    const records = Array.from({ length: 600 }, (_, i) => record(i + 1));
    const { blocks } = write(600, 600);
    expect(blocks[0]!.bytes[0]).toBe(MAGIC);
    expect(decodeBlock(blocks[0]!.bytes)).toStrictEqual(records);
    const strip = (r: object) => JSON.parse(JSON.stringify(r)) as unknown;
    // The twelfth to fourteenth sessions: arrays of 256 records in sequence, shapes defined once in the block.
    const packr = new Packr({ useRecords: true, moreTypes: false, sequential: true });
    const sequential = Buffer.concat([0, 256, 512].map((at) => packr.pack(records.slice(at, at + 256))));
    expect(decodeBlock(sequential).map(strip)).toEqual(records.map(strip));
    // The eleventh session's: the block's records as one array.
    const older = new Packr({ useRecords: true, moreTypes: false }).pack(records);
    expect(decodeBlock(older).map(strip)).toEqual(records.map(strip));
  });

  it('names the first block that breaks the chain: an edited byte, a block removed, a forged hash, bytes that do not decode', () => {
    const { blocks } = write(12, 4);
    const edited = blocks.map((b) => ({ ...b, bytes: Uint8Array.from(b.bytes) }));
    edited[1]!.bytes[edited[1]!.bytes.length - 2]! ^= 1;
    expect(verifyBlocks(edited)).toEqual({ ok: false, count: 4, seq: 5, reason: "block 2: hash does not match the block's contents" });
    expect(verifyBlocks([blocks[0]!, blocks[2]!])).toMatchObject({ ok: false, count: 4, reason: 'expected block 2, found block 3' });
    const forged = { ...blocks[1]!, bytes: Uint8Array.from([0xc1]) };
    expect(verifyBlocks([blocks[0]!, { ...forged, hash: blockHash(forged) }])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^block 2: (does not decode|holds 0 records)/),
    });
    expect(verifyBlocks([blocks[0]!, { ...blocks[1]!, prevHash: GENESIS_HASH }])).toMatchObject({
      reason: 'block 2: prev_hash does not match the previous block',
    });
  });

  it('keeps blocks in the SQLite file and reads them back intact, in order', () => {
    const store = Store.open(':memory:');
    expect(JournalBlocks.read(store.db)).toBeNull();
    const writer = JournalBlocks.create(store.db).writer(4);
    for (let i = 1; i <= 9; i++) writer.append(record(i));
    writer.flush();
    const table = JournalBlocks.read(store.db)!;
    const read = [...table.all()];
    expect(read.map((b) => b.index)).toEqual([1, 2, 3]);
    expect(verifyBlocks(read)).toEqual({ ok: true, count: 9 });
    expect(read.flatMap((b) => decodeBlock(b.bytes))).toEqual(Array.from({ length: 9 }, (_, i) => record(i + 1)));
    expect([...table.records()].map((r) => [r.seq, r.block, r.record.decisionId])).toEqual(
      Array.from({ length: 9 }, (_, i) => [i + 1, Math.floor(i / 4) + 1, `d-${i + 1}`]),
    );
    expect(table.head).toEqual({ records: 9, blocks: 3, hash: writer.headHash });
    store.close();
  });
});

describe('a block journal’s projections, deferred to the end', () => {
  const at = (i: number) => ({ tsEvent: 1_700_000_000_000 + i, tsInit: 1_700_000_000_000 + i, source: 'venue.bars' });
  /** Orders of 1 … n units, each submitted then filled: 2n records, more than one block for n > 2,048. */
  const events = (n: number) =>
    Array.from({ length: n }, (_, k) => {
      const clientOrderId = `O-${k}`;
      const side = k % 3 === 0 ? 'sell' : 'buy';
      const order = { clientOrderId, instrumentId: 'REPLAY:X', side, type: 'market', quantity: k + 1, timeInForce: 'day' };
      const fill = {
        fillId: `${clientOrderId}.1`,
        clientOrderId,
        instrumentId: 'REPLAY:X',
        side,
        price: 100 + (k % 7),
        quantity: k + 1,
        fee: 0.5,
        ts: at(k).tsEvent,
      };
      return [
        { type: 'OrderSubmitted', ...at(k), order: { ...order, status: 'submitted', filledQuantity: 0, createdAt: at(k).tsEvent } },
        { type: 'OrderFilled', ...at(k), fill, leavesQuantity: 0 },
      ] as unknown as EngineEvent[];
    }).flat();
  const tables = (store: Store) =>
    ['orders', 'fills', 'positions', 'account'].map((t) => store.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all());

  it('answers whether an order id is known from memory, writes nothing until projectJournal, then the same tables as live', () => {
    // `live` is a journal of rows, which projects each record as it comes.
    const live = Store.open(':memory:');
    const deferred = Store.open(':memory:');
    const writer = deferred.useBlockJournal();
    const all = events(2_100);
    // The first 500 orders, submitted and filled.
    for (const store of [live, deferred]) store.transaction(() => store.record(...all.slice(0, 1_000)));
    expect(deferred.isKnownClientOrderId('O-499')).toBe(true);
    expect(deferred.isKnownClientOrderId('O-500')).toBe(false);
    expect(live.isKnownClientOrderId('O-499')).toBe(true);
    expect(deferred.db.prepare('SELECT COUNT(*) AS n FROM orders').get()).toEqual({ n: 0 });
    for (const store of [live, deferred]) store.transaction(() => store.record(...all.slice(1_000)));
    deferred.transaction(() => {
      writer.flush();
      deferred.projectJournal();
    });
    // The journal is the records' own chain of blocks: keeping the known ids aside changes nothing in it.
    const alone = new BlockChainWriter(BLOCK_RECORDS, () => {});
    for (const m of all) alone.append(m);
    alone.flush();
    expect(writer.headHash).toBe(alone.headHash);
    expect(deferred.journalBlocks().length).toBe(2);
    expect(tables(deferred)).toEqual(tables(live));
    expect(tables(deferred)[0]).toHaveLength(2_100);
    live.close();
    deferred.close();
  });
});
