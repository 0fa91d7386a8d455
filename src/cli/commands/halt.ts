import { WireKillResultSchema, type WireKillResult } from '../../shared/ipc/wire.ts';
import { CliError } from '../cli-error.ts';
import { parseOptions, resolveDataDir } from '../cli-options.ts';
import { readRuntime } from '../serve/runtime-file.ts';
import { askServer } from '../serve/ask-server.ts';

/**
 * `quorum halt [--flatten] [--reason TEXT] [--data DIR]`: the kill switch from a terminal, through
 * the running server's host, which halts the engine or — if it does not answer — kills it.
 */
export async function runHalt(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { flatten: { type: 'boolean' }, reason: { type: 'string' }, data: { type: 'string' } });
  const dataDir = resolveDataDir(values.data);
  const runtime = readRuntime(dataDir);
  if (!runtime) throw new CliError(`no running quorum serve uses ${dataDir}; nothing to halt there`, 1);
  const result = await askServer<WireKillResult>(
    runtime,
    { t: 'kill', id: 1, flatten: values.flatten === true, reason: values.reason ?? 'quorum halt from the command line' },
    (reply) => {
      const parsed = WireKillResultSchema.safeParse(reply);
      return parsed.success ? parsed.data : undefined;
    },
    15_000,
  );
  const ms = `${Math.round(result.elapsedMs)} ms`;
  if (result.outcome === 'acknowledged') {
    console.log(
      `HALTED (acknowledged in ${ms}): ${result.canceled} open order(s) canceled${values.flatten ? `, ${result.flattening} position(s) being flattened` : ''}.`,
    );
  } else if (result.outcome === 'engine-killed') {
    console.log(
      `HALTED: the engine did not answer within the deadline (${ms}); the host killed it and it restarts HALTED, canceling what the journal shows open.`,
    );
  } else {
    console.log('HALTED: the engine was not running; it will start HALTED.');
  }
  return 0;
}
