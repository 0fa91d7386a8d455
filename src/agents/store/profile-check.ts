import { existsSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import type { Db } from './database.ts';
import { GENESIS_HASH, verifyChain } from './chain.ts';
import type { Journal } from './journal.ts';

/** Rows at the journal's end verified at every start; `quorum audit verify` walks the whole chain. */
export const START_VERIFY_ROWS = 100_000;

/** Tables whose rows name the journal row that last changed them. */
const PROJECTIONS = ['orders', 'fills', 'fill_corrections', 'positions', 'trading_state', 'models'] as const;

/** The head written beside the database (`<file>.head`), so that rows cut from the journal's end are seen. */
interface HeadAnchor {
  seq: number;
  hash: string;
}

/**
 * What is wrong with a profile's file before it is opened: an empty file would otherwise silently
 * become a new profile (and the trader's history would look gone). Null when it may be opened.
 */
export function checkProfileFileBeforeOpen(file: string): string | null {
  if (existsSync(file) && statSync(file).size === 0)
    return `${file} is empty (0 bytes): the profile was truncated. Restore it from a backup, or move it away to start a new profile.`;
  return null;
}

/**
 * Checks an opened profile before anything trades on it: SQLite's own integrity check, the chain of
 * the journal's last rows, projections that point past the journal's head (rows deleted from its
 * end), and the head anchor. Null when healthy, else one sentence saying what is wrong and where.
 */
export function checkOpenedProfile(db: Db, journal: Journal, file: string): string | null {
  const integrity = db.pragma('quick_check', { simple: true }) as string;
  if (integrity !== 'ok') return `${file} is damaged (SQLite integrity check: ${integrity}). Restore it from a backup.`;
  const from = Math.max(1, journal.headSeq - START_VERIFY_ROWS + 1);
  const report = verifyChain(journal.rows(from), { seq: from, prevHash: from === 1 ? GENESIS_HASH : journal.rowAt(from - 1)!.hash });
  if (!report.ok)
    return `the journal in ${file} is broken at seq ${report.seq}: ${report.reason}. Run quorum audit verify; restore the profile from a backup.`;
  return checkJournalEnd(db, journal, file);
}

/**
 * Rows cut from the journal's end leave a chain that verifies; they are seen by projections that
 * name a later row, and by the head anchor recorded beside the database. Null when neither shows it.
 */
export function checkJournalEnd(db: Db, journal: Journal, file: string): string | null {
  for (const table of PROJECTIONS) {
    const { top } = db.prepare(`SELECT MAX(seq) AS top FROM ${table}`).get() as { top: number | null };
    if (top !== null && top > journal.headSeq)
      return `the journal in ${file} ends at seq ${journal.headSeq}, but ${table} was changed by seq ${top}: rows were removed from its end. Restore the profile from a backup.`;
  }
  const anchor = readAnchor(file);
  if (anchor && (anchor.seq > journal.headSeq || journal.rowAt(anchor.seq)?.hash !== anchor.hash))
    return `the journal in ${file} does not contain its recorded head (seq ${anchor.seq}): rows were removed or rewritten. Restore the profile from a backup.`;
  return null;
}

/** Records the committed head beside the database (the engine does so at each checkpoint and on stop). */
export function writeHeadAnchor(file: string, journal: Journal): void {
  if (journal.headSeq === 0) return;
  const temporary = `${file}.head.tmp`;
  writeFileSync(temporary, JSON.stringify({ seq: journal.headSeq, hash: journal.headHash } satisfies HeadAnchor));
  renameSync(temporary, `${file}.head`);
}

function readAnchor(file: string): HeadAnchor | null {
  try {
    const a = JSON.parse(readFileSync(`${file}.head`, 'utf8')) as HeadAnchor;
    return Number.isInteger(a.seq) && typeof a.hash === 'string' ? a : null;
  } catch {
    return null;
  }
}
