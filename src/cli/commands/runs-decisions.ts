import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import {
  decisionCsvLine,
  decisionJsonLine,
  decisionRows,
  decisionsCsvHeader,
  votingAgents,
} from '../../agents/backtest/decisions-export.ts';
import type { Decision } from '../../shared/domain/signals.ts';
import type { BacktestRuns, KeptJournal, RunRow } from '../../agents/store/backtest-runs.ts';
import { verifyBlocks } from '../../agents/store/block-chain.ts';
import type { Journalable } from '../../agents/store/journal.ts';
import { CliError } from '../cli-error.ts';
import type { LinesFormat } from '../lines-format.ts';

/** Writes through a buffer of ~1 MB into `FILE.partial`, renamed to FILE once complete (an export that fails leaves FILE as it was). */
function lineWriter(file: string) {
  const partial = `${file}.partial`;
  const fd = openSync(partial, 'w');
  let chunk: string[] = [];
  let size = 0;
  const drain = () => {
    writeSync(fd, chunk.join(''));
    chunk = [];
    size = 0;
  };
  return {
    line(text: string) {
      chunk.push(text, '\n');
      if ((size += text.length) > 1 << 20) drain();
    },
    commit() {
      drain();
      closeSync(fd);
      renameSync(partial, file);
    },
    abort() {
      closeSync(fd);
      rmSync(partial, { force: true });
    },
  };
}

/**
 * `quorum runs show RUN --decisions FILE`: every decision a run kept (`quorum sweep --keep-decisions`),
 * each grid point's journal verified first (its chain of blocks), as CSV or JSON lines.
 */
export function exportRunDecisions(
  runs: BacktestRuns,
  run: RunRow,
  file: string,
  format: LinesFormat,
): { decisions: number; journals: KeptJournal[] } {
  const journals = runs.journals(run.id);
  if (!journals.length)
    throw new CliError(`run ${run.id} kept no decisions; a sweep keeps them with --keep-decisions (quorum sweep … --keep-decisions)`, 1);
  const params = new Map(runs.results(run.id).map((r) => [r.point, r.params]));
  const walkForward = run.kind === 'walk-forward';
  const name = (j: { point: number; window: number }) =>
    `run ${run.id}, grid point ${j.point}${walkForward ? `, test window ${j.window}` : ''}`;
  // Every chain is verified before anything is written; the CSV's vote columns are collected on the way.
  const agents = new Set<string>();
  const collect = (records: readonly Journalable[]) =>
    votingAgents(
      records.flatMap((r) => (r.type === 'DecisionMade' ? [(r as unknown as { decision: Decision }).decision] : [])),
      agents,
    );
  for (const j of journals) {
    const report = verifyBlocks(runs.journalBlocks(run.id, j.point, j.window), format === 'csv' ? collect : undefined);
    if (!report.ok) throw new CliError(`${name(j)}: its journal does not verify: ${report.reason}; nothing was written`, 1);
  }
  const columns = [...agents];
  const out = lineWriter(file);
  let decisions = 0;
  try {
    if (format === 'csv') out.line(decisionsCsvHeader(columns));
    for (const j of journals) {
      const part = { point: j.point, window: walkForward ? j.window : null, params: params.get(j.point) ?? {} };
      for (const row of decisionRows(runs.journalRecords(run.id, j.point, j.window), part)) {
        out.line(format === 'csv' ? decisionCsvLine(row, columns) : decisionJsonLine(row));
        decisions++;
      }
    }
    out.commit();
  } catch (err) {
    out.abort();
    throw err;
  }
  return { decisions, journals };
}
