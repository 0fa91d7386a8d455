import { PortListeners, type Port } from './port.ts';

/**
 * Ports carried over one parent ⇄ child channel, multiplexed by id. Used where ports cannot be
 * transferred (a child_process), so the host relays `{ t: 'relay', portId, data }` frames.
 */
export class RelayPorts {
  private readonly ports = new Map<string, PortListeners>();
  private readonly send: (frame: { t: 'relay'; portId: string; data: unknown } | { t: 'detach'; portId: string }) => void;

  constructor(send: RelayPorts['send']) {
    this.send = send;
  }

  open(portId: string): Port {
    const listeners = new PortListeners();
    this.ports.set(portId, listeners);
    return {
      post: (data) => {
        if (!listeners.closed) this.send({ t: 'relay', portId, data });
      },
      onMessage: (l) => listeners.addMessage(l),
      onClose: (l) => listeners.addClose(l),
      close: () => {
        if (listeners.closed) return;
        this.send({ t: 'detach', portId });
        this.drop(portId);
      },
    };
  }

  deliver(portId: string, data: unknown): boolean {
    const listeners = this.ports.get(portId);
    if (!listeners) return false;
    listeners.emitMessage(data);
    return true;
  }

  drop(portId: string): void {
    this.ports.get(portId)?.emitClose();
    this.ports.delete(portId);
  }

  dropAll(): void {
    for (const id of [...this.ports.keys()]) this.drop(id);
  }
}
