import { createWriteStream, openSync } from 'node:fs';
import { once } from 'node:events';
import { JournalRowSchema, type JournalRow } from '../../shared/contracts/audit.contract.ts';
import { describeIssues } from '../../shared/contracts/rpc-errors.ts';
import { verifyChain } from './chain.ts';
import type { Journal } from './journal.ts';
import type { JournalBlocks } from './journal-blocks.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { csvCell } from '../../shared/csv-cell.ts';

const CSV_COLUMNS = ['seq', 'ts_event', 'ts_init', 'type', 'source', 'decision_id', 'payload', 'prev_hash', 'hash'] as const;

const EXPORT_PAGE_ROWS = 2_000;

/**
 * Writes the journal as CSV (RFC 4180 quoting) or JSONL (one row object per line), up to the row
 * that was last when it began. It reads page by page, so a running engine can go on journaling
 * while it waits for the disk. A file that cannot be written rejects with the system's message;
 * it never becomes an unhandled stream error.
 */
export async function exportJournal(journal: Journal, format: 'csv' | 'jsonl', outFile: string): Promise<number> {
  const lastSeq = journal.headSeq;
  function* pages(): Generator<string[]> {
    for (let after = 0; after < lastSeq;) {
      const rows = journal.page(after, Math.min(EXPORT_PAGE_ROWS, lastSeq - after));
      if (rows.length === 0) return;
      yield rows.map((row) => (format === 'csv' ? csvLine(row) : JSON.stringify(row) + '\n'));
      after = rows.at(-1)!.seq;
    }
  }
  return writeLines(outFile, format === 'csv' ? CSV_COLUMNS.join(',') + '\n' : '', pages());
}

const BLOCK_CSV_COLUMNS = ['seq', 'block', 'ts_event', 'ts_init', 'type', 'source', 'decision_id', 'payload', 'block_hash'] as const;

/**
 * Writes a backtest's journal in blocks (`journal-blocks.ts`) as CSV or JSONL: each record decoded,
 * with its seq, its block and the block's hash (a record in a block has no hash of its own, so
 * `audit import` does not take this file; `audit verify --db` checks the blocks).
 */
export async function exportBlockRecords(blocks: JournalBlocks, format: 'csv' | 'jsonl', outFile: string): Promise<number> {
  function* pages(): Generator<string[]> {
    let page: string[] = [];
    for (const { seq, block, blockHash, record } of blocks.records()) {
      const row = {
        seq,
        block,
        tsEvent: record.tsEvent,
        tsInit: record.tsInit,
        type: record.type,
        source: record.source,
        decisionId: record.decisionId ?? null,
        payload: canonicalJson(record),
        blockHash,
      };
      page.push(
        format === 'csv'
          ? Object.values(row)
              .map((c) => csvCell(String(c ?? '')))
              .join(',') + '\n'
          : JSON.stringify(row) + '\n',
      );
      if (page.length === EXPORT_PAGE_ROWS) {
        yield page;
        page = [];
      }
    }
    if (page.length) yield page;
  }
  return writeLines(outFile, format === 'csv' ? BLOCK_CSV_COLUMNS.join(',') + '\n' : '', pages());
}

/**
 * Writes a header and pages of lines, waiting for the disk between pages. A file that cannot be
 * written rejects with the system's message; it never becomes an unhandled stream error.
 */
async function writeLines(outFile: string, header: string, pages: Iterable<string[]>): Promise<number> {
  // Opened here so that a missing folder or a refused permission throws at once.
  const out = createWriteStream(outFile, { fd: openSync(outFile, 'w'), encoding: 'utf8' });
  let failure = null as Error | null;
  out.on('error', (err) => (failure = err));
  let count = 0;
  const write = async (text: string) => {
    if (failure) throw failure;
    if (!out.write(text)) await once(out, 'drain');
  };
  if (header) await write(header);
  for (const lines of pages) {
    await write(lines.join(''));
    count += lines.length;
  }
  out.end();
  if (!failure) await once(out, 'finish');
  if (failure) throw failure;
  return count;
}

function csvLine(r: JournalRow): string {
  const cells = [r.seq, r.tsEvent, r.tsInit, r.type, r.source, r.decisionId ?? '', r.payload, r.prevHash, r.hash];
  return cells.map((c) => csvCell(String(c))).join(',') + '\n';
}

/**
 * Parses a JSONL export and checks its chain before anything is written; returns the rows or says
 * exactly which line is wrong. The caller appends them to an empty journal.
 */
export function parseJournalJsonl(text: string): { ok: true; rows: JournalRow[] } | { ok: false; error: string } {
  const rows: JournalRow[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      return { ok: false, error: `line ${i + 1}: not JSON (${(err as Error).message})` };
    }
    const parsed = JournalRowSchema.safeParse(value);
    if (!parsed.success) return { ok: false, error: `line ${i + 1}: ${describeIssues(parsed.error.issues)}` };
    rows.push(parsed.data);
  }
  const report = verifyChain(rows);
  if (!report.ok) return { ok: false, error: `chain broken at seq ${report.seq}: ${report.reason}` };
  return { ok: true, rows };
}
