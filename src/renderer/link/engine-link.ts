import type { RpcCall } from '../../shared/contracts/rpc-client.ts';
import { RpcError } from '../../shared/contracts/rpc-errors.ts';
import type { RpcPeer } from '../../shared/ipc/rpc-peer.ts';
import type { WireKillResult } from '../../shared/ipc/wire.ts';
import type { HostStatus } from '../../shared/ipc/host-status.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import type { ViewUpdate } from '../../shared/contracts/views.ts';
import type { WireMessage } from '../../shared/ipc/wire.ts';

/**
 * `epoch` counts engine ports: it moves each time the renderer is connected to a (new) engine, which
 * is the signal to fetch every snapshot again.
 */
export interface LinkState {
  connection: 'connecting' | 'open' | 'closed';
  epoch: number;
  detail: string;
}

/** The renderer's one connection to the engine, over a WebSocket or an Electron MessagePort. */
export interface EngineLink {
  readonly kind: 'websocket' | 'electron';
  call: RpcCall;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Views the engine pushes when they change (contracts/views.ts); their data is not parsed yet. */
  onView(listener: (update: ViewUpdate) => void): () => void;
  onHostStatus(listener: (status: HostStatus) => void): () => void;
  onState(listener: (state: LinkState) => void): () => void;
  /** The kill switch through the host, which does not need the engine to be healthy. */
  killSwitch(flatten: boolean): Promise<WireKillResult>;
  start(): void;
}

/** Listener sets and state shared by both link kinds. */
export class LinkListeners {
  readonly events = new Set<(e: EngineEvent) => void>();
  readonly views = new Set<(u: ViewUpdate) => void>();
  readonly host = new Set<(s: HostStatus) => void>();
  readonly state = new Set<(s: LinkState) => void>();
  current: LinkState = { connection: 'connecting', epoch: 0, detail: 'connecting to the engine' };

  setState(next: Partial<LinkState>): void {
    this.current = { ...this.current, ...next };
    for (const l of this.state) l(this.current);
  }

  /** Hands an engine's event or view to its listeners (other messages are the link's own). */
  dispatch(m: WireMessage): void {
    if (m.t === 'evt') for (const l of this.events) l(m.event);
    else if (m.t === 'view') {
      const { t: _t, ...update } = m;
      for (const l of this.views) l(update);
    }
  }

  add<T>(set: Set<T>, listener: T): () => void {
    set.add(listener);
    return () => set.delete(listener);
  }

  /** The EngineLink both kinds expose: calls go to the current peer, listeners to these sets. */
  link(kind: EngineLink['kind'], peer: () => RpcPeer | null, start: () => void, killSwitch: EngineLink['killSwitch']): EngineLink {
    return {
      kind,
      call: (method, params) => {
        const current = peer();
        return current ? current.call(method, params) : Promise.reject(new RpcError('unavailable', 'not connected to the engine yet'));
      },
      onEvent: (l) => this.add(this.events, l),
      onView: (l) => this.add(this.views, l),
      onHostStatus: (l) => this.add(this.host, l),
      onState: (l) => this.add(this.state, l),
      killSwitch,
      start,
    };
  }
}

export const browserSchedule = (ms: number, fn: () => void) => {
  const t = window.setTimeout(fn, ms);
  return () => window.clearTimeout(t);
};
