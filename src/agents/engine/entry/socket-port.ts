import { rmSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { PortListeners, type Port } from '../../../shared/ipc/port.ts';

/**
 * A Port over a local socket (a Unix socket, a named pipe on Windows) between two processes of one
 * host: under `quorum serve` the engine talks to the inference process this way, one hop instead of
 * two relayed through the host. Frames are a 4-byte length and the message in V8's serialization
 * (what structured clone carries, typed arrays included).
 */
export function listenSocketPort(path: string): Port {
  // One peer per socket: after it connects, the path goes (nobody else can connect) and so does the server.
  const server = createServer((socket) => {
    server.close();
    removeSocketFile(path);
    attach(socket);
  });
  const { port, attach } = socketPortShell(() => {
    server.close();
    removeSocketFile(path);
  });
  server.on('error', () => port.close());
  removeSocketFile(path);
  server.listen(path);
  return port;
}

/** Connects to `listenSocketPort(path)`, retrying while the other side is not listening yet. */
export function connectSocketPort(path: string, options: { retryMs?: number; giveUpMs?: number } = {}): Port {
  let closed = false;
  const { port, attach } = socketPortShell(() => (closed = true));
  const retryMs = options.retryMs ?? 10;
  const deadline = performance.now() + (options.giveUpMs ?? 5_000);
  const tryConnect = () => {
    if (closed) return;
    const socket = createConnection(path);
    const onError = () => {
      socket.destroy();
      if (performance.now() < deadline) setTimeout(tryConnect, retryMs);
      else port.close();
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      attach(socket);
    });
  };
  tryConnect();
  return port;
}

/** Where `name`'s socket lives: in `dir` (a directory only this user may enter), a named pipe on Windows. */
export function socketPath(dir: string, name: string): string {
  return process.platform === 'win32' ? `\\\\.\\pipe\\quorum-${process.pid}-${name}` : join(dir, `${name}.sock`);
}

/** The Port, which queues what is posted until a socket is attached, and reads length-prefixed frames. */
function socketPortShell(onClose: () => void): { port: Port; attach: (socket: Socket) => void } {
  const listeners = new PortListeners();
  let socket: Socket | null = null;
  let waiting: Buffer[] = [];
  const frame = (message: unknown) => {
    const body = serialize(message);
    const head = Buffer.allocUnsafe(4);
    head.writeUInt32BE(body.length, 0);
    return Buffer.concat([head, body]);
  };
  const port: Port = {
    post: (message) => {
      if (listeners.closed) return;
      if (socket) socket.write(frame(message));
      else waiting.push(frame(message));
    },
    onMessage: (l) => listeners.addMessage(l),
    onClose: (l) => listeners.addClose(l),
    close: () => {
      onClose();
      socket?.destroy();
      listeners.emitClose();
    },
  };
  const attach = (s: Socket) => {
    if (listeners.closed) return void s.destroy();
    socket = s;
    s.setNoDelay(true);
    for (const b of waiting) s.write(b);
    waiting = [];
    // Chunks are kept as they come and joined only once a whole frame is there (joining on every
    // chunk would copy a large frame over and over).
    const chunks: Buffer[] = [];
    let have = 0;
    let need = 4;
    let body = false;
    s.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      have += chunk.length;
      while (have >= need) {
        const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, have);
        chunks.length = 0;
        const part = all.subarray(0, need);
        const rest = all.subarray(need);
        have = rest.length;
        if (have) chunks.push(rest);
        if (!body) {
          need = part.readUInt32BE(0);
          body = true;
          continue;
        }
        need = 4;
        body = false;
        let message: unknown;
        try {
          message = deserialize(part);
        } catch {
          // A frame that does not decode means the stream is out of step: nothing after it can be trusted.
          port.close();
          return;
        }
        listeners.emitMessage(message);
      }
    });
    s.on('close', () => listeners.emitClose());
    s.on('error', () => s.destroy());
  };
  return { port, attach };
}

function removeSocketFile(path: string): void {
  if (process.platform !== 'win32') rmSync(path, { force: true });
}
