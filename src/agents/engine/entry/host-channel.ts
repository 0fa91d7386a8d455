import { ChildToHostSchema, HostToChildSchema, type ChildToHost, type HostToChild } from '../../../shared/ipc/host-protocol.ts';
import { PortListeners, type Port } from '../../../shared/ipc/port.ts';
import { RelayPorts } from '../../../shared/ipc/relay-ports.ts';
import { connectSocketPort, listenSocketPort } from './socket-port.ts';

/** The subset of Electron's MessagePortMain this code uses (no electron import outside main). */
interface MessagePortMainLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown; ports: MessagePortMainLike[] }) => void): void;
  postMessage(message: unknown): void;
}

export interface HostChannel {
  readonly kind: 'electron-utility' | 'node-ipc';
  post(message: ChildToHost): void;
  /** Called for every host message; `port` is set for `attach`. */
  onMessage(listener: (message: HostToChild, port: Port | null) => void): void;
  /** Called once if the host goes away, so that no orphan process is left behind. */
  onHostGone(listener: () => void): void;
}

/**
 * The child's end of its host link: Electron's `process.parentPort` in a utility process, the
 * child_process IPC channel under `quorum serve`. Ports arrive transferred, relayed, or (between
 * two children under `quorum serve`) as a local socket to open.
 */
export function connectToHost(): HostChannel {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  return parentPort ? electronChannel(parentPort) : nodeChannel();
}

function electronChannel(parentPort: ParentPortLike): HostChannel {
  return {
    kind: 'electron-utility',
    post: (m) => parentPort.postMessage(ChildToHostSchema.parse(m)),
    onMessage: (listener) =>
      parentPort.on('message', (e) => {
        const msg = HostToChildSchema.safeParse(e.data);
        if (!msg.success) return;
        const transferred = msg.data.t === 'attach' && e.ports[0] ? wrapMessagePortMain(e.ports[0]) : null;
        listener(msg.data, transferred);
      }),
    onHostGone: () => {},
  };
}

function nodeChannel(): HostChannel {
  if (!process.send) throw new Error('this entry point must be started by a Quorum host (Electron or `quorum serve`)');
  const send = (m: ChildToHost) => process.send?.(m);
  const relays = new RelayPorts(send);
  const sockets = new Map<string, Port>();
  const open = (m: Extract<HostToChild, { t: 'attach' }>): Port => {
    if (!m.socket) return relays.open(m.portId);
    // A child has one socket peer: a new link replaces one that may never have connected.
    for (const old of [...sockets.values()]) old.close();
    const port = m.socket.listen ? listenSocketPort(m.socket.path) : connectSocketPort(m.socket.path);
    sockets.set(m.portId, port);
    port.onClose(() => sockets.delete(m.portId));
    return port;
  };
  return {
    kind: 'node-ipc',
    post: send,
    onMessage: (listener) =>
      process.on('message', (raw) => {
        const msg = HostToChildSchema.safeParse(raw);
        if (!msg.success) return;
        const m = msg.data;
        if (m.t === 'relay') relays.deliver(m.portId, m.data);
        else if (m.t === 'detach') {
          relays.drop(m.portId);
          sockets.get(m.portId)?.close();
        } else listener(m, m.t === 'attach' ? open(m) : null);
      }),
    onHostGone: (listener) => process.on('disconnect', listener),
  };
}

function wrapMessagePortMain(port: MessagePortMainLike): Port {
  const listeners = new PortListeners();
  port.on('message', (e) => listeners.emitMessage(e.data));
  port.on('close', () => listeners.emitClose());
  port.start();
  return {
    post: (m) => port.postMessage(m),
    onMessage: (l) => listeners.addMessage(l),
    onClose: (l) => listeners.addClose(l),
    close: () => port.close(),
  };
}
