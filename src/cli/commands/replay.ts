import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { replaySession } from '../../agents/backtest/replay-session.ts';
import { openDatabase } from '../../agents/store/database.ts';
import { CliError } from '../cli-error.ts';
import { parseOptions, resolveDataDir } from '../cli-options.ts';

/** `quorum replay --session ID [--data DIR] [--json]`: run a recorded session's decisions again and list every difference. */
export function runReplay(args: string[]): number {
  const { values } = parseOptions(args, { session: { type: 'string' }, data: { type: 'string' }, json: { type: 'boolean' } });
  if (!values.session) throw new CliError('usage: quorum replay --session ID [--data DIR] [--json]');
  const file = join(resolveDataDir(values.data), 'quorum.sqlite');
  if (!existsSync(file)) throw new CliError(`no journal at ${file}`, 1);
  const db = openDatabase(file, { readonly: true });
  let report;
  try {
    report = replaySession(db, values.session);
  } catch (err) {
    throw new CliError((err as Error).message, 1);
  } finally {
    db.close();
  }
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(
      `session ${report.sessionId}: replayed ${report.compared} decisions, ${report.differences.length} differences${report.unmatched ? `, ${report.unmatched} recorded decisions without their bars` : ''}`,
    );
    for (const d of report.differences.slice(0, 50))
      console.log(
        `  ${d.instrumentId} ${new Date(d.ts).toISOString()} ${d.field}: recorded ${JSON.stringify(d.recorded)}, replayed ${JSON.stringify(d.replayed)}`,
      );
  }
  return report.differences.length || report.unmatched ? 1 : 0;
}
