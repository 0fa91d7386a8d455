import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeKillOutcome } from '../../shared/ipc/kill-outcome.ts';
import { WireKillResultSchema, type WireKillResult } from '../../shared/ipc/wire.ts';
import { requestHalt } from '../../host/halt-request-file.ts';
import { CliError } from '../cli-error.ts';
import { parseOptions, resolveDataDir } from '../cli-options.ts';
import { readRuntime } from '../serve/runtime-file.ts';
import { askServer } from '../serve/ask-server.ts';

/**
 * `quorum halt [--flatten] [--reason TEXT] [--data DIR]`: the kill switch from a terminal. Through
 * a running server's host, which halts the engine or, if it does not answer, kills it and waits for
 * its successor to start HALTED. With no server running, the halt is written into the profile, and
 * whatever engine starts there next starts HALTED. Prints only what an engine confirmed; exits 0
 * when one did, 1 when not (yet).
 */
export async function runHalt(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { flatten: { type: 'boolean' }, reason: { type: 'string' }, data: { type: 'string' } });
  const dataDir = resolveDataDir(values.data);
  const flatten = values.flatten === true;
  const reason = values.reason ?? 'quorum halt from the command line';
  const runtime = readRuntime(dataDir);
  if (!runtime) {
    if (!existsSync(join(dataDir, 'quorum.sqlite'))) throw new CliError(`no Quorum profile in ${dataDir}: nothing trades there`, 1);
    requestHalt(dataDir, reason, flatten);
    console.log(
      `NOT CONFIRMED: no quorum serve runs on ${dataDir}, so no engine trades there now. The halt is kept in the profile: the next engine to start there starts HALTED${flatten ? ' and flattens' : ''}.`,
    );
    return 1;
  }
  const result = await askServer<WireKillResult>(
    runtime,
    { t: 'kill', id: 1, flatten, reason },
    (reply) => {
      const parsed = WireKillResultSchema.safeParse(reply);
      return parsed.success ? parsed.data : undefined;
    },
    30_000,
  );
  console.log(describeKillOutcome(result, flatten));
  return result.confirmed ? 0 : 1;
}
