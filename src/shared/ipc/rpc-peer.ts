import type { RpcCall } from '../contracts/rpc-client.ts';
import { RpcError, type RpcErrorCode } from '../contracts/rpc-errors.ts';
import type { ServiceRegistry } from '../contracts/rpc-server.ts';
import type { Port } from './port.ts';
import { WireMessageSchema, type WireMessage } from './wire.ts';

/** Schedules `fn` after `ms`; returns a cancel function. Injected so engine code stays on its Clock. */
export type Schedule = (ms: number, fn: () => void) => () => void;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  cancelTimer: () => void;
}

/**
 * Request/response over a Port: correlates responses with calls, times calls out, answers incoming
 * requests from a ServiceRegistry, and hands every other message (events, host status) to `onOther`.
 * Every incoming message is parsed, because it crossed a process boundary.
 */
export class RpcPeer {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly port: Port;
  private readonly options: {
    schedule: Schedule;
    timeoutMs: number;
    registry?: ServiceRegistry;
    onOther?: (m: WireMessage) => void;
    onInvalid?: (reason: string) => void;
  };

  constructor(port: Port, options: RpcPeer['options']) {
    this.port = port;
    this.options = options;
    port.onMessage((raw) => this.receive(raw));
    port.onClose(() => this.failAll('unavailable', 'the other side closed the connection'));
  }

  readonly call: RpcCall = (method, params) =>
    new Promise((resolve, reject) => {
      const id = this.nextId++;
      const cancelTimer = this.options.schedule(this.options.timeoutMs, () => {
        this.pending.delete(id);
        reject(new RpcError('timeout', `${method}: no answer within ${this.options.timeoutMs} ms`));
      });
      this.pending.set(id, { resolve, reject, cancelTimer });
      this.port.post({ t: 'req', id, method, params });
    });

  /** Rejects every call in flight, e.g. when the process on the other side was replaced. */
  failAll(code: RpcErrorCode, message: string): void {
    for (const [id, p] of this.pending) {
      p.cancelTimer();
      p.reject(new RpcError(code, message));
      this.pending.delete(id);
    }
  }

  private receive(raw: unknown): void {
    const parsed = WireMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.options.onInvalid?.(`malformed message: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
      return;
    }
    const msg = parsed.data;
    if (msg.t === 'res') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      p.cancelTimer();
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new RpcError((msg.error?.code ?? 'handler_failed') as RpcErrorCode, msg.error?.message ?? 'failed without a reason'));
    } else if (msg.t === 'req') {
      void this.answer(msg.id, msg.method, msg.params);
    } else {
      this.options.onOther?.(msg);
    }
  }

  private async answer(id: number, method: string, params: unknown): Promise<void> {
    const registry = this.options.registry;
    const result = registry
      ? await registry.call(method, params)
      : { ok: false as const, error: { code: 'unknown_method' as const, message: `this side serves no methods: ${method}` } };
    this.port.post({ t: 'res', id, ...result });
  }
}
