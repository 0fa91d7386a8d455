import WebSocket from 'ws';
import { WireKillResultSchema, type WireKillResult } from '../../shared/ipc/wire.ts';
import { CliError } from '../cli-error.ts';
import { parseOptions, resolveDataDir } from '../cli-options.ts';
import { readRuntime } from '../serve/runtime-file.ts';

/**
 * `quorum halt [--flatten] [--reason TEXT] [--data DIR]`: the kill switch from a terminal, through
 * the running server's host, which halts the engine or — if it does not answer — kills it.
 */
export async function runHalt(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { flatten: { type: 'boolean' }, reason: { type: 'string' }, data: { type: 'string' } });
  const dataDir = resolveDataDir(values.data);
  const runtime = readRuntime(dataDir);
  if (!runtime) throw new CliError(`no running quorum serve uses ${dataDir}; nothing to halt there`, 1);
  const origin = `http://127.0.0.1:${runtime.port}`;
  const result = await new Promise<WireKillResult>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${runtime.port}/ws?token=${encodeURIComponent(runtime.token)}`, {
      headers: { Origin: origin },
    });
    const timer = setTimeout(() => reject(new CliError('no answer from quorum serve within 15 s', 1)), 15_000);
    ws.on('open', () =>
      ws.send(
        JSON.stringify({
          t: 'kill',
          id: 1,
          flatten: values.flatten === true,
          reason: values.reason ?? 'quorum halt from the command line',
        }),
      ),
    );
    ws.on('message', (data) => {
      const parsed = WireKillResultSchema.safeParse(JSON.parse(data.toString()));
      if (!parsed.success) return;
      clearTimeout(timer);
      ws.close();
      resolve(parsed.data);
    });
    ws.on('error', (err) => reject(new CliError(`cannot reach quorum serve on port ${runtime.port}: ${err.message}`, 1)));
  });
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
