import WebSocket from 'ws';
import { createEngineClient, type EngineClient } from '../src/shared/contracts/engine-client.ts';
import type { ServeProcess } from './serve-process.ts';

/** A scripted client of `quorum serve`, speaking the same wire protocol as the UI. */
export class WsClient {
  readonly messages: {
    t: string;
    event?: { type: string; clientOrderId?: string };
    status?: { processes: { name: string; pid: number | null; state: string; generation: number; lastExit: string | null }[] };
  }[] = [];
  private readonly ws: WebSocket;
  private nextId = 1;
  private readonly pending = new Map<number, (m: { ok: boolean; result?: unknown; error?: { message: string } }) => void>();

  /** The engine's services, typed from the contracts (the same client the UI and the CLI use). */
  readonly api: EngineClient = createEngineClient((method, params) => this.call(method, params));

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.t === 'res') this.pending.get(m.id)?.(m);
      else this.messages.push(m);
    });
  }

  static open(serve: ServeProcess): Promise<WsClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`, { headers: { Origin: serve.origin } });
    return new Promise((resolve, reject) => {
      ws.on('open', () => resolve(new WsClient(ws)));
      ws.on('error', reject);
    });
  }

  private async call(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    const answer = new Promise<{ ok: boolean; result?: unknown; error?: { message: string } }>((resolve) => this.pending.set(id, resolve));
    this.ws.send(JSON.stringify({ t: 'req', id, method, params }));
    const m = await answer;
    if (!m.ok) throw new Error(m.error?.message ?? 'failed');
    return m.result;
  }

  /**
   * Runs `ask` (a call on `api`) as soon as an engine answers it (it may be restarting): retried
   * until `timeoutMs`, then the last error is thrown.
   */
  async whenUp<T>(ask: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
    const start = Date.now();
    for (;;) {
      try {
        return await ask();
      } catch (err) {
        if (Date.now() - start > timeoutMs) throw new Error(`no answer within ${timeoutMs} ms: ${(err as Error).message}`, { cause: err });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  engine(): { pid: number | null; state: string; generation: number; lastExit: string | null } | undefined {
    return this.process('engine');
  }

  /** A supervised process as the host last told it (`engine` or `inference`). */
  process(name: string): { pid: number | null; state: string; generation: number; lastExit: string | null } | undefined {
    return this.messages
      .filter((m) => m.t === 'host')
      .at(-1)
      ?.status?.processes.find((p) => p.name === name);
  }

  close(): void {
    this.ws.close();
  }
}
