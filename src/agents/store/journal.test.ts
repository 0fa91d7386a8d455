import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/messages/events.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { verifyChain } from './chain.ts';
import { exportJournal, parseJournalJsonl } from './journal-transfer.ts';
import { Store } from './store.ts';
import { tempDir } from './store-fixtures.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);
let n = 0;
const freshStore = () => Store.open(tmp.file(`j${n++}.sqlite`));

const text = fc.string({ minLength: 1, maxLength: 30 });
const ts = fc.integer({ min: 0, max: 4_000_000_000_000 });
const eventArb: fc.Arbitrary<EngineEvent> = fc.oneof(
  fc.record({
    type: fc.constant('TradingStateChanged' as const),
    tsEvent: ts,
    tsInit: ts,
    source: text,
    from: fc.constantFrom('ACTIVE' as const, 'REDUCING' as const, 'HALTED' as const),
    to: fc.constantFrom('ACTIVE' as const, 'REDUCING' as const, 'HALTED' as const),
    reason: fc.string({ maxLength: 80 }),
  }),
  fc.record({
    type: fc.constant('OrderDenied' as const),
    tsEvent: ts,
    tsInit: ts,
    source: text,
    decisionId: fc.option(text, { nil: undefined }),
    clientOrderId: text,
    reasonCode: text,
    detail: fc.dictionary(text, fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string())),
  }),
);

describe('journal', () => {
  it('round-trips random event sequences and keeps an intact chain', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 40 }), (events) => {
        const store = freshStore();
        try {
          store.record(...events);
          const rows = [...store.journal.rows()];
          expect(rows.map((r) => r.seq)).toEqual(events.map((_, i) => i + 1));
          expect(rows.map((r) => JSON.parse(r.payload))).toEqual(events.map((e) => JSON.parse(canonicalJson(e))));
          expect(rows.map((r) => r.decisionId)).toEqual(events.map((e) => e.decisionId ?? null));
          expect(verifyChain(rows)).toEqual({ ok: true, count: events.length });
        } finally {
          store.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('fails verification at exactly the row where one stored character was changed', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 2, maxLength: 25 }),
        fc.nat(),
        fc.constantFrom('payload', 'type', 'source', 'hash', 'prev_hash'),
        fc.nat(),
        (events, pick, column, at) => {
          const store = freshStore();
          try {
            store.record(...events);
            const seq = (pick % events.length) + 1;
            const row = store.db.prepare(`SELECT ${column} AS v FROM journal WHERE seq = ?`).get(seq) as { v: string };
            const i = at % row.v.length;
            const changed = row.v.slice(0, i) + (row.v[i] === 'a' ? 'b' : 'a') + row.v.slice(i + 1);
            store.db.prepare(`UPDATE journal SET ${column} = ? WHERE seq = ?`).run(changed, seq);
            const report = verifyChain(store.journal.rows());
            expect(report).toMatchObject({ ok: false, seq, count: seq - 1 });
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('exports JSONL that re-imports into the same chain and projections', async () => {
    const source = freshStore();
    fc.sample(eventArb, { numRuns: 30, seed: 11 }).forEach((e) => source.record(e));
    source.record({ type: 'TradingStateChanged', tsEvent: 5, tsInit: 5, source: 'test', from: 'ACTIVE', to: 'HALTED', reason: 'last' });
    const out = tmp.file('export.jsonl');
    expect(await exportJournal(source.journal, 'jsonl', out)).toBe(31);

    const parsed = parseJournalJsonl(readFileSync(out, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const target = freshStore();
    target.importRows(parsed.rows);
    expect([...target.journal.rows()]).toEqual([...source.journal.rows()]);
    expect(target.tradingState()).toEqual(source.tradingState());
    expect(target.tradingState().state).toBe('HALTED');
    expect(() => target.importRows(parsed.rows)).toThrow('is not empty');
    source.close();
    target.close();
  });

  it('refuses a JSONL file with a broken chain or a malformed line, naming the line', () => {
    const store = freshStore();
    store.record({ type: 'TradingStateChanged', tsEvent: 1, tsInit: 1, source: 't', from: 'ACTIVE', to: 'HALTED', reason: 'r' });
    store.record({ type: 'TradingStateChanged', tsEvent: 2, tsInit: 2, source: 't', from: 'HALTED', to: 'ACTIVE', reason: 'r' });
    const lines = [...store.journal.rows()].map((r) => JSON.stringify(r));
    expect(parseJournalJsonl(`${lines[0]}\n{oops\n`)).toEqual({ ok: false, error: expect.stringContaining('line 2: not JSON') });
    const tampered = lines[1]!.replace('ACTIVE', 'REDUCING');
    expect(tampered).not.toBe(lines[1]);
    expect(parseJournalJsonl(`${lines[0]}\n${tampered}\n`)).toEqual({ ok: false, error: expect.stringContaining('chain broken at seq 2') });
    expect(parseJournalJsonl(`{"seq": 1}\n`)).toMatchObject({ ok: false, error: expect.stringContaining('line 1: ') });
    store.close();
  });

  it('exports CSV with one quoted row per journal row', async () => {
    const store = freshStore();
    store.record({
      type: 'TradingStateChanged',
      tsEvent: 1,
      tsInit: 1,
      source: 't',
      from: 'ACTIVE',
      to: 'HALTED',
      reason: 'a, "quoted" reason',
    });
    const out = tmp.file('export.csv');
    await exportJournal(store.journal, 'csv', out);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('seq,ts_event,ts_init,type,source,decision_id,payload,prev_hash,hash');
    expect(lines[1]).toMatch(/^1,1,1,TradingStateChanged,t,,"\{""from"":""ACTIVE"",""reason"":""a, \\""quoted\\"" reason""/);
    expect(lines[1]!.endsWith(store.journal.recent(1)[0]!.hash)).toBe(true);
    store.close();
  });

  it('keeps the chain whole when a transaction rolls back (a duplicate fill had left a seq gap)', () => {
    const store = freshStore();
    const fill = {
      type: 'OrderFilled',
      tsEvent: 1,
      tsInit: 1,
      source: 'test',
      fill: { fillId: 'F-1', clientOrderId: 'C-1', instrumentId: 'SIM:ALPHA', side: 'buy', price: 100, quantity: 7, fee: 0.1, ts: 1 },
      leavesQuantity: 0,
    } as unknown as EngineEvent;
    const order = { clientOrderId: 'C-1', instrumentId: 'SIM:ALPHA', side: 'buy', type: 'market', quantity: 7, timeInForce: 'ioc' };
    store.record({
      type: 'OrderSubmitted',
      tsEvent: 1,
      tsInit: 1,
      source: 'test',
      order: { ...order, status: 'submitted', filledQuantity: 0, createdAt: 1 },
    } as unknown as EngineEvent);
    store.record(fill);
    expect(() => store.record(fill)).toThrow(/UNIQUE/);
    expect(store.journal.headSeq).toBe(2);
    store.record({ type: 'TradingStateChanged', tsEvent: 2, tsInit: 2, source: 'test', from: 'ACTIVE', to: 'HALTED', reason: 'x' });
    expect(verifyChain(store.journal.rows())).toEqual({ ok: true, count: 3 });
    store.close();
  });
});
