import { createServer, type Server, type Socket } from 'node:net';

/** The server version the fake announces: the newest @stoqey/ib 1.6 accepts (CME tagging fields). */
export const FAKE_SERVER_VERSION = 193;

/** One TWS API message: a 4-byte big-endian length, then each field NUL-terminated. */
export function frame(fields: readonly (string | number)[]): Buffer {
  const body = Buffer.from(fields.map(String).join('\0') + '\0', 'utf8');
  const head = Buffer.alloc(4);
  head.writeInt32BE(body.length);
  return Buffer.concat([head, body]);
}

/** TWS's own words for the messages the fake sends. */
export const IB_TEXT = {
  326: 'Unable to connect as the client id is already in use. Retry with a unique client id.',
  2104: 'Market data farm connection is OK:usfarm',
  2106: 'HMDS data farm connection is OK:ushmds',
  2158: 'Sec-def data farm connection is OK:secdefnj',
} as const;

export interface FakeGatewayOptions {
  /** The accounts `managedAccounts` lists (paper ids begin with D). */
  accounts?: readonly string[];
  nextValidId?: number;
  /** Client ids another connection holds: a start with one of them is refused with 326. */
  takenClientIds?: readonly number[];
  /** Accept the socket and never answer, as IB Gateway does while it waits for its second-factor login. */
  silent?: boolean;
}

/** A client connection as the fake saw it: its client id once the API started, and every message it sent. */
export interface FakeSession {
  socket: Socket;
  clientId: number | null;
  received: string[][];
}

/**
 * A stand-in for TWS / IB Gateway on 127.0.0.1 that speaks the real wire protocol (the handshake
 * `API\0` + length + `v100..193`, length-prefixed NUL-separated messages), so the real @stoqey/ib
 * client is what the tests drive. It answers the API start with `managedAccounts`, `nextValidId`
 * and the data farms' status messages, or with 326 when the client id is taken.
 */
export class FakeGateway {
  readonly sessions: FakeSession[] = [];
  private readonly server: Server;
  private readonly options: FakeGatewayOptions;

  private constructor(options: FakeGatewayOptions) {
    this.options = options;
    this.server = createServer((socket) => this.accept(socket));
  }

  static async start(options: FakeGatewayOptions = {}): Promise<FakeGateway> {
    const gateway = new FakeGateway(options);
    await new Promise<void>((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
    return gateway;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  send(session: FakeSession, fields: readonly (string | number)[]): void {
    session.socket.write(frame(fields));
  }

  /** An error or info message (`reqId` -1: about the connection, not a request). */
  sendError(session: FakeSession, reqId: number, code: number, text: string): void {
    this.send(session, [4, 2, reqId, code, text, '']);
  }

  async stop(): Promise<void> {
    for (const s of this.sessions) s.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const session: FakeSession = { socket, clientId: null, received: [] };
    this.sessions.push(session);
    socket.on('error', () => {});
    if (this.options.silent) return;
    let buffer = Buffer.alloc(0);
    let greeted = false;
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      if (!greeted) {
        // "API\0", a 4-byte length, then "v100..193".
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(4);
        if (buffer.length < 8 + length) return;
        buffer = buffer.subarray(8 + length);
        greeted = true;
        this.send(session, [FAKE_SERVER_VERSION, '20261203 10:00:00 UTC']);
      }
      while (buffer.length >= 4 && buffer.length >= 4 + buffer.readInt32BE(0)) {
        const length = buffer.readInt32BE(0);
        const fields = buffer
          .subarray(4, 4 + length)
          .toString('utf8')
          .split('\0')
          .slice(0, -1);
        buffer = buffer.subarray(4 + length);
        session.received.push(fields);
        this.handle(session, fields);
      }
    });
  }

  private handle(session: FakeSession, fields: string[]): void {
    if (fields[0] !== '71') return;
    // startApi: 71, version 2, client id, optional capabilities.
    const clientId = Number(fields[2]);
    if (this.options.takenClientIds?.includes(clientId)) {
      this.sendError(session, -1, 326, IB_TEXT[326]);
      session.socket.end();
      return;
    }
    session.clientId = clientId;
    this.send(session, [15, 1, (this.options.accounts ?? ['DU1234567']).join(',')]);
    this.send(session, [9, 1, this.options.nextValidId ?? 1]);
    for (const code of [2104, 2106, 2158] as const) this.sendError(session, -1, code, IB_TEXT[code]);
  }
}
