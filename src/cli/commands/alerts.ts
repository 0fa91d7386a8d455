import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createEngineClient } from '../../shared/contracts/engine-client.ts';
import { recentAlerts } from '../../agents/store/alert-queries.ts';
import { CliError } from '../cli-error.ts';
import { DATABASE_FILE, intOption, parseOptions, resolveDataDir } from '../cli-options.ts';
import { openReadable } from '../open-readable.ts';
import { serverCall } from '../serve/ask-server.ts';
import { readRuntime } from '../serve/runtime-file.ts';

/**
 * `quorum alerts [--limit N] [--waiting] [--json] | ack SEQ`: the journal's alerts, newest first
 * (read-only, beside a running server), and acknowledging one through the running server (journaled).
 */
export async function runAlerts(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    data: { type: 'string' },
    limit: { type: 'string' },
    waiting: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const dataDir = resolveDataDir(values.data);
  if (positionals[0] === 'ack') {
    if (!positionals[1]) throw new CliError('usage: quorum alerts ack SEQ [--data DIR]');
    const seq = intOption(positionals[1], 'seq', 0, 1, Number.MAX_SAFE_INTEGER);
    const runtime = readRuntime(dataDir);
    if (!runtime) throw new CliError(`no quorum serve runs on ${dataDir}: an acknowledgement is journaled by the running engine`, 1);
    console.log((await createEngineClient(serverCall(runtime)).risk.acknowledgeAlert({ seq })).message);
    return 0;
  }
  if (positionals.length) throw new CliError('usage: quorum alerts [--limit N] [--waiting] [--json] | ack SEQ [--data DIR]');
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) throw new CliError(`no journal at ${file}; start Quorum once or pass --data DIR`);
  // Acknowledgements are a newer table: an older profile is upgraded first.
  const db = openReadable(file, { upgrade: true });
  try {
    const all = recentAlerts(db, intOption(values.limit, 'limit', 50, 1, 100_000));
    const alerts = values.waiting ? all.filter((a) => a.severity !== 'info' && !a.acknowledgedAt) : all;
    if (values.json) console.log(JSON.stringify(alerts, null, 2));
    else if (!alerts.length) console.log(values.waiting ? 'no alert waiting for acknowledgement' : 'no alerts');
    else
      for (const a of alerts)
        console.log(
          `${String(a.seq).padStart(7)}  ${new Date(a.ts).toISOString().replace('T', ' ').slice(0, 19)}  ${a.severity.padEnd(8)} ${a.code}${a.acknowledgedAt ? ' (acknowledged)' : ''}\n         ${a.message}`,
        );
    return 0;
  } finally {
    db.close();
  }
}
