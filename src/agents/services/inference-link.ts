import { createClient } from '../../shared/contracts/rpc-client.ts';
import { inferenceContract } from '../../shared/contracts/inference.contract.ts';
import type { InferenceHealth } from '../../shared/contracts/system.contract.ts';
import { RpcPeer } from '../../shared/ipc/rpc-peer.ts';
import type { Port } from '../../shared/ipc/port.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Clock } from '../engine/clock.ts';

/**
 * The engine's side of its port to the inference process. The port is replaced whenever the host
 * restarts inference; while there is none, model votes are simply unavailable.
 */
export class InferenceLink {
  private client: ReturnType<typeof createClient<typeof inferenceContract>> | null = null;
  private peer: RpcPeer | null = null;
  private readonly clock: Clock;
  private readonly log: Logger;

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
