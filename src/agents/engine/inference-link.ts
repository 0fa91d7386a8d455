import { createClient } from '../../shared/contracts/rpc-client.ts';
import { inferenceContract } from '../../shared/contracts/inference.contract.ts';
import type { InferenceHealth } from '../../shared/contracts/system.contract.ts';
import { RpcPeer } from '../../shared/ipc/rpc-peer.ts';
import type { Port } from '../../shared/ipc/port.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Clock } from './clock.ts';

/**
 * The engine's side of its port to the inference process. The port is replaced whenever the host
 * restarts inference; while there is none, model votes are simply unavailable.
 */
export class InferenceLink {
  private client: ReturnType<typeof createClient<typeof inferenceContract>> | null = null;
  private peer: RpcPeer | null = null;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly attachListeners: (() => void)[] = [];

  constructor(clock: Clock, log: Logger) {
    this.clock = clock;
    this.log = log;
  }

  attach(port: Port): void {
    this.peer?.failAll('unavailable', 'inference port replaced');
    const peer = new RpcPeer(port, {
      schedule: (ms, fn) => this.clock.after(ms, fn),
      timeoutMs: 2_000,
      onInvalid: (reason) => this.log.warn({ reason }, 'inference sent a malformed message'),
    });
    this.peer = peer;
    this.client = createClient(inferenceContract, peer.call);
    port.onClose(() => {
      if (this.peer === peer) {
        this.peer = null;
        this.client = null;
      }
    });
    this.log.info('inference port attached');
    for (const l of this.attachListeners) l();
  }

  /** Called after every (re)attach: the inference process may be new and hold no sessions. */
  onAttach(listener: () => void): void {
    this.attachListeners.push(listener);
  }

  get connected(): boolean {
    return this.client !== null;
  }

  /** The inference client, or an error saying there is none (the process is down or restarting). */
  get api(): ReturnType<typeof createClient<typeof inferenceContract>> {
    if (!this.client) throw new Error('unavailable: no inference process attached');
    return this.client;
  }

  /** One value per row, or a rejection once `deadlineMs` passes (the vote is then missing). */
  predict(modelId: string, rows: number, data: number[], deadlineMs: number): Promise<(number | null)[]> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('unavailable: no inference process attached'));
    return new Promise((resolve, reject) => {
      const cancel = this.clock.after(deadlineMs, () => reject(new Error(`timeout: no answer within the ${deadlineMs} ms deadline`)));
      client.predict({ modelId, rows, data }).then(
        (r) => {
          cancel();
          resolve(r.values);
        },
        (err: Error) => {
          cancel();
          reject(err);
        },
      );
    });
  }

  /** Asks the inference process for its status and measures the round trip. */
  async check(): Promise<InferenceHealth> {
    const checkedAt = this.clock.now();
    if (!this.client) return { state: 'unavailable', backends: [], checkedAt, error: 'no inference process attached' };
    const t0 = this.clock.monotonic();
    try {
      const status = await this.client.status({});
      return {
        state: 'connected',
        runtime: status.runtime,
        version: status.version,
        backends: status.backends,
        roundTripMs: Math.max(0, this.clock.monotonic() - t0),
        checkedAt,
      };
    } catch (err) {
      return { state: 'unavailable', backends: [], checkedAt, error: (err as Error).message };
    }
  }
}
