import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkJournalEnd } from '../../agents/store/profile-check.ts';
import { Journal } from '../../agents/store/journal.ts';
import { verifyChain } from '../../agents/store/chain.ts';
import { exportBlockRecords, exportJournal, parseJournalJsonl } from '../../agents/store/journal-transfer.ts';
import { JournalBlocks } from '../../agents/store/journal-blocks.ts';
import { verifyBlocks } from '../../agents/store/block-chain.ts';
import { Store } from '../../agents/store/store.ts';
import { CliError } from '../cli-error.ts';
import { linesFormat } from '../lines-format.ts';
import { openReadable } from '../open-readable.ts';
import { checkOutputFile, journalFile, parseOptions, requireJournalFile } from '../cli-options.ts';

/** `quorum audit verify|export|import`. Returns the exit code. */
export async function runAudit(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseOptions(rest, {
    data: { type: 'string' },
    db: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    in: { type: 'string' },
  });
  const file = journalFile(values);
  if (sub === 'import') return importJsonl(values.in, file);
  requireJournalFile(file, values);
  const db = openReadable(file);
  try {
    const journal = new Journal(db);
    // A backtest's journal is in chained blocks (issue 19), not one row per event.
    const blocks = JournalBlocks.read(db);
    if (sub === 'verify' && blocks) {
      const report = verifyBlocks(blocks.all());
      if (!report.ok) {
        console.log(`journal BROKEN at seq ${report.seq}: ${report.reason} (${report.count} records before it are intact)`);
        return 1;
      }
      const head = blocks.head;
      console.log(`journal ok: ${report.count} records in ${head.blocks} blocks, chain intact, head ${head.hash} (${file})`);
      return 0;
    }
    if (sub === 'verify') {
      const report = verifyChain(journal.rows());
      const end = report.ok ? checkJournalEnd(db, journal, file) : null;
      if (end) {
        console.log(`journal BROKEN: ${end}`);
        return 1;
      }
      if (report.ok) {
        console.log(`journal ok: ${report.count} rows, chain intact, head ${journal.headHash} (${file})`);
        return 0;
      }
      console.log(`journal BROKEN at seq ${report.seq}: ${report.reason} (${report.count} rows before it are intact)`);
      return 1;
    }
    if (sub === 'export') {
      if (!values.out) throw new CliError('--out FILE is required');
      const format = linesFormat(values.out, values.format, '--out');
      checkOutputFile(values.out, 'out');
      const count = blocks ? await exportBlockRecords(blocks, format, values.out) : await exportJournal(journal, format, values.out);
      console.log(`exported ${count} rows to ${values.out}`);
      return 0;
    }
    throw new CliError(
      "usage: quorum audit verify | export --out FILE.csv|FILE.jsonl [--format csv|jsonl] | import --in FILE.jsonl  (each with --data DIR, or --db FILE for a backtest's journal)",
    );
  } finally {
    db.close();
  }
}

function importJsonl(input: string | undefined, file: string): number {
  if (!input) throw new CliError('--in FILE.jsonl is required');
  if (!existsSync(input)) throw new CliError(`no such file: ${input}`);
  const parsed = parseJournalJsonl(readFileSync(input, 'utf8'));
  if (!parsed.ok) throw new CliError(`${input}: ${parsed.error}; nothing was imported`, 1);
  mkdirSync(dirname(file), { recursive: true });
  const store = Store.open(file);
  try {
    store.importRows(parsed.rows);
  } catch (err) {
    throw new CliError((err as Error).message, 1);
  } finally {
    store.close();
  }
  console.log(`imported ${parsed.rows.length} rows into ${file}; chain verified`);
  return 0;
}
