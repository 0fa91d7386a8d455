import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/messages/events.ts';
import { parseJournalJsonl } from '../../store/journal-transfer.ts';
import { Store } from '../../store/store.ts';
import { tempDir } from '../../store/store-fixtures.ts';
import { answerAuditRequest } from './audit-requests.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);

const stateChange = (i: number): EngineEvent => ({
  type: 'TradingStateChanged',
  tsEvent: 1_000 + i,
  tsInit: 1_000 + i,
  source: 'test',
  from: 'ACTIVE',
  to: i % 2 ? 'HALTED' : 'ACTIVE',
  reason: `change ${i}`,
});

describe("the desktop menu's audit requests, answered by the engine", () => {
  it('verifies the chain, exports it in pages while rows keep arriving, and says what broke', async () => {
    const store = Store.open(tmp.file('audit.sqlite'));
    for (let i = 0; i < 4_500; i++) store.record(stateChange(i));
    expect(await answerAuditRequest(store.journal, { op: 'verify' })).toEqual({
      ok: true,
      text: 'The audit log is intact: 4500 rows, each chained to the one before by its SHA-256 hash.',
    });

    const out = tmp.file('audit.jsonl');
    const exporting = answerAuditRequest(store.journal, { op: 'export', format: 'jsonl', path: out });
    // The engine keeps journaling during an export (no statement stays open across its awaits).
    store.record(stateChange(9_999));
    const answer = await exporting;
    expect(answer.ok).toBe(true);
    expect(answer.text).toBe(`Exported 4500 rows of the audit log to ${out} (JSONL).`);
    const parsed = parseJournalJsonl(readFileSync(out, 'utf8'));
    expect(parsed.ok && parsed.rows.length).toBe(4_500);

    store.db.prepare("UPDATE journal SET payload = replace(payload, 'change 7', 'change 8') WHERE seq = 8").run();
    const broken = await answerAuditRequest(store.journal, { op: 'verify' });
    expect(broken.ok).toBe(false);
    expect(broken.text).toMatch(/^The audit log is BROKEN at row 8: .+\. The 7 rows before it are intact\.$/);
    store.close();
  });

  it('answers a file it cannot write with the reason, and the engine goes on', async () => {
    const store = Store.open(tmp.file('audit-2.sqlite'));
    store.record(stateChange(1));
    const path = tmp.file('no-such-folder/audit.csv');
    const answer = await answerAuditRequest(store.journal, { op: 'export', format: 'csv', path });
    expect(answer).toEqual({
      ok: false,
      text: expect.stringMatching(/^The audit log could not be exported to .*no-such-folder\/audit\.csv: ENOENT/),
    });
    store.close();
  });
});
