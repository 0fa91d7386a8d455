import type { ChildToHost } from '../shared/ipc/host-protocol.ts';
import type { Supervisor } from './supervisor.ts';

/** One side of a relayed port: how to hand it data, and how to tell it the link is gone. */
export interface RelayEnd {
  deliver(data: unknown): void;
  detach(): void;
}

/**
 * Port wiring where ports cannot be transferred (child_process): the host joins two ends and
 * forwards `relay` frames between them by port id. Electron main uses MessageChannelMain instead.
 */
export class RelayHub {
  private readonly peers = new Map<string, { other: RelayEnd; otherKey: string | null }>();

  /** The end of a link that lives inside a supervised child, addressed by `portId`. */
  childEnd(supervisor: Supervisor, portId: string): RelayEnd {
    const child = supervisor.current;
    return {
      deliver: (data) => child?.send({ t: 'relay', portId, data }),
      detach: () => child?.send({ t: 'detach', portId }),
    };
  }

  /** Joins two ends; `keyA`/`keyB` are `<process>:<portId>` for child ends, null for others. */
  link(keyA: string | null, endA: RelayEnd, keyB: string | null, endB: RelayEnd): void {
    if (keyA) this.peers.set(keyA, { other: endB, otherKey: keyB });
    if (keyB) this.peers.set(keyB, { other: endA, otherKey: keyA });
  }

  /** Routes a frame that a child sent; returns false if no link holds that port. */
  route(processName: string, frame: ChildToHost): boolean {
    if (frame.t !== 'relay' && frame.t !== 'detach') return false;
    const key = `${processName}:${frame.portId}`;
    const peer = this.peers.get(key);
    if (!peer) return false;
    if (frame.t === 'relay') peer.other.deliver(frame.data);
    else this.unlink(key);
    return true;
  }

  /** Removes a link and tells the other side it is gone. */
  unlink(key: string): void {
    const peer = this.peers.get(key);
    if (!peer) return;
    this.peers.delete(key);
    if (peer.otherKey) this.peers.delete(peer.otherKey);
    peer.other.detach();
  }

  /** Drops every link of a process that exited. */
  unlinkProcess(processName: string): void {
    for (const key of [...this.peers.keys()]) if (key.startsWith(`${processName}:`)) this.unlink(key);
  }
}
