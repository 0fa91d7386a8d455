import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_WIRE_FRAME_BYTES } from '../../shared/contracts/uploads.contract.ts';
import { checkRequest, TOKEN_COOKIE } from './serve-auth.ts';
import { plain, serveStatic } from './static-files.ts';
import type { ServeHost } from './serve-host.ts';

export interface ServeServerOptions {
  host: ServeHost;
  rendererRoot: string;
  port: number;
  token: string;
}

/**
 * HTTP for the built UI and a WebSocket for the engine port, bound to 127.0.0.1 only. Every request
 * and every upgrade passes the Host, Origin and token checks of serve-auth.
 */
export async function startServeServer(options: ServeServerOptions): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  // No larger than the largest request a contract takes (a file chunk): files travel in chunks
  // (uploads.contract.ts), so a huge frame is refused here and never stalls the engine.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_FRAME_BYTES });
  let port = options.port;
  const server = createServer((req, res) => {
    const verdict = checkRequest(req, options.token, port);
    if (!verdict.ok) return plain(res, verdict.status, `Quorum: ${verdict.reason}`);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed');
    if (verdict.viaQuery) {
      // Trade the token in the address bar for a cookie, so it does not linger in history.
      const cookie = `${TOKEN_COOKIE}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/`;
      url.searchParams.delete('token');
      return plain(res, 303, 'see other', { Location: url.pathname + url.search, 'Set-Cookie': cookie });
    }
    // One request's failure is answered on that request; it never reaches the process (and with it
    // the engine and the kill switch).
    serveStatic(options.rendererRoot, url.pathname, res).catch(() => {
      if (!res.headersSent) plain(res, 500, 'internal error');
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = checkRequest(req, options.token, port);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!verdict.ok || path !== '/ws') {
      const status = verdict.ok ? '404 Not Found' : verdict.status === 401 ? '401 Unauthorized' : '403 Forbidden';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(options.host, ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function attach(host: ServeHost, ws: WebSocket): void {
  const link = host.connect({
    send: (m) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    },
    close: () => ws.close(1001, 'server stopping'),
  });
  ws.on('message', (raw) => {
    try {
      link.receive(JSON.parse(raw.toString()));
    } catch {
      ws.close(1003, 'messages must be JSON');
    }
  });
  ws.on('close', () => link.disconnect());
  // A protocol error (a frame over the cap: 1009, bad framing) closes this socket by itself; unheard,
  // the 'error' event would have been uncaught and ended the whole server.
  ws.on('error', () => {});
}
