import WebSocket from 'ws';
import type { RpcCall } from '../../shared/contracts/rpc-client.ts';
import { CliError } from '../cli-error.ts';

/**
 * Sends one message to a running `quorum serve` over the UI's own WebSocket (token and Origin as
 * the page sends them) and resolves with the first reply `answer` accepts.
 */
export function askServer<T>(
  runtime: { port: number; token: string },
  message: unknown,
  answer: (reply: unknown) => T | undefined,
  timeoutMs: number,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${runtime.port}/ws?token=${encodeURIComponent(runtime.token)}`, {
      headers: { Origin: `http://127.0.0.1:${runtime.port}` },
    });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new CliError(`no answer from quorum serve within ${timeoutMs / 1000} s`, 1));
    }, timeoutMs);
    ws.on('open', () => ws.send(JSON.stringify(message)));
    ws.on('message', (data) => {
      const value = answer(JSON.parse(data.toString()));
      if (value === undefined) return;
      clearTimeout(timer);
      ws.close();
      resolve(value);
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(new CliError(`cannot reach quorum serve on port ${runtime.port}: ${err.message}`, 1));
    });
  });
}

/**
 * A transport for `createEngineClient`: each call is a request over the UI's own wire to a running
 * `quorum serve` (the engine is the only writer while a server runs); a refusal is a CliError.
 */
export function serverCall(runtime: { port: number; token: string }, timeoutMs = 30_000): RpcCall {
  return async (method, params) => {
    type Reply = { t?: string; id?: number; ok?: boolean; result?: unknown; error?: { message: string } };
    const reply = await askServer(
      runtime,
      { t: 'req', id: 1, method, params },
      (m) => ((m as Reply).t === 'res' && (m as Reply).id === 1 ? (m as Reply) : undefined),
      timeoutMs,
    );
    if (!reply.ok) throw new CliError(reply.error?.message ?? `${method} failed`, 1);
    return reply.result;
  };
}
