import { EventName, IBApi } from '@stoqey/ib';
import type { Clock } from '../../engine/clock.ts';
import { accountKind, describeConnectFailure, type IbEndpoint } from './ib-codes.ts';

export interface IbCheckReport {
  host: string;
  port: number;
  clientId: number;
  serverVersion: number;
  connectionTime: string;
  accounts: { id: string; kind: 'paper' | 'live' }[];
  /** What TWS said about itself while connected (data farms …), with its codes. */
  messages: { code: number; text: string }[];
}

export type IbCheckResult = { ok: true; report: IbCheckReport } | { ok: false; reason: string; code: number | null };

/**
 * Connects to TWS or IB Gateway with the real client, waits for the API to start (`nextValidId`
 * and `managedAccounts`), listens `settleMs` more for its status messages, and disconnects. Never
 * places anything. A failure says what to do, in one line.
 */
export function checkIbConnection(
  endpoint: IbEndpoint,
  clock: Clock,
  options: { timeoutMs?: number; settleMs?: number } = {},
): Promise<IbCheckResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const settleMs = options.settleMs ?? 500;
  const ib = new IBApi({ host: endpoint.host, port: endpoint.port });
  const messages: IbCheckReport['messages'] = [];
  let server: { version: number; time: string } | null = null;
  let accounts: string[] | null = null;
  let validId = false;
  return new Promise<IbCheckResult>((resolve) => {
    let done = false;
    const finish = (result: IbCheckResult) => {
      if (done) return;
      done = true;
      cancelTimeout();
      ib.removeAllListeners();
      ib.on(EventName.error, () => {});
      ib.disconnect();
      resolve(result);
    };
    const fail = (code: number | null, text: string) => finish({ ok: false, code, reason: describeConnectFailure(endpoint, code, text) });
    const cancelTimeout = clock.after(timeoutMs, () =>
      fail(
        null,
        server
          ? `${endpoint.host}:${endpoint.port} answered but did not start the API within ${timeoutMs / 1000} s: if IB Gateway waits for its second-factor login, log in to IB Gateway`
          : `no answer from ${endpoint.host}:${endpoint.port} within ${timeoutMs / 1000} s: if IB Gateway waits for its second-factor login, log in to IB Gateway; otherwise check the API port`,
      ),
    );
    const readyWhenStarted = () => {
      if (!validId || !accounts || !server) return;
      const { version, time } = server;
      const report: IbCheckReport = {
        ...endpoint,
        serverVersion: version,
        connectionTime: time,
        accounts: accounts.map((id) => ({ id, kind: accountKind(id) })),
        messages,
      };
      clock.after(settleMs, () => finish({ ok: true, report }));
    };
    ib.on(EventName.server, (version: number, time: string) => {
      server = { version, time };
    });
    ib.on(EventName.managedAccounts, (csv: string) => {
      accounts = csv
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      readyWhenStarted();
    });
    ib.on(EventName.nextValidId, () => {
      validId = true;
      readyWhenStarted();
    });
    // Connection-level codes (326, 1100 …, the farms' 2104 …) arrive with id -1 as `info`.
    ib.on(EventName.info, (text: string, code: number) => {
      if (code === 326) fail(code, text);
      else messages.push({ code, text });
    });
    ib.on(EventName.error, (err: Error, code: number) => fail(code, err.message));
    ib.on(EventName.disconnected, () =>
      fail(
        null,
        `${endpoint.host}:${endpoint.port} closed the connection before the API started: in TWS or IB Gateway, enable "ActiveX and Socket Clients" and trust 127.0.0.1`,
      ),
    );
    ib.connect(endpoint.clientId);
  });
}
