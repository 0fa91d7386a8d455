/**
 * A two-way message channel, whatever carries it: an Electron MessagePortMain, a browser
 * MessagePort, a WebSocket, or a port relayed through a host process.
 */
export interface Port {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
  onClose(listener: () => void): () => void;
  close(): void;
}

/** Listener bookkeeping shared by Port implementations. */
export class PortListeners {
  private readonly message = new Set<(m: unknown) => void>();
  private readonly close = new Set<() => void>();
  closed = false;

  addMessage(listener: (m: unknown) => void): () => void {
    this.message.add(listener);
    return () => this.message.delete(listener);
  }

  addClose(listener: () => void): () => void {
    this.close.add(listener);
    return () => this.close.delete(listener);
  }

  emitMessage(m: unknown): void {
    for (const l of [...this.message]) l(m);
  }

  emitClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of [...this.close]) l();
    this.message.clear();
    this.close.clear();
  }
}
