import type { AuditRequest } from '../../../shared/ipc/host-protocol.ts';
import { verifyChain } from '../../store/chain.ts';
import type { Journal } from '../../store/journal.ts';
import { exportJournal } from '../../store/journal-transfer.ts';

/**
 * The desktop menu's "Verify audit log" and "Export audit log…", run by the engine (the journal's
 * only writer) and answered in a sentence for the trader. A failure is an answer, never a crash.
 */
export async function answerAuditRequest(journal: Journal, request: AuditRequest): Promise<{ ok: boolean; text: string }> {
  if (request.op === 'verify') {
    const report = verifyChain(journal.rows());
    return report.ok
      ? { ok: true, text: `The audit log is intact: ${report.count} rows, each chained to the one before by its SHA-256 hash.` }
      : {
          ok: false,
          text: `The audit log is BROKEN at row ${report.seq}: ${report.reason}. The ${report.count} rows before it are intact.`,
        };
  }
  try {
    const count = await exportJournal(journal, request.format, request.path);
    return { ok: true, text: `Exported ${count} rows of the audit log to ${request.path} (${request.format.toUpperCase()}).` };
  } catch (err) {
    return { ok: false, text: `The audit log could not be exported to ${request.path}: ${(err as Error).message}` };
  }
}
