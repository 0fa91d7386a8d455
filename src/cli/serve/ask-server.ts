import WebSocket from 'ws';
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
