import { EventName, type IBApi } from '@stoqey/ib';
import type { EventOf } from '../../../shared/messages/events.ts';
import type { CancelTimer, Clock } from '../../engine/clock.ts';
import { accountKind, describeConnectFailure, type IbEndpoint } from './ib-codes.ts';
import { describeConnection, inNightlyRestartWindow, type IbConnectionStatus } from './ib-connection-status.ts';

/** How long an open socket may stay unanswered before the gateway is taken to wait for its login. */
const LOGIN_WAIT_MS = 10_000;

/** IB's codes about the connection rather than one request (the venue leaves them to the supervisor). */
export const CONNECTION_CODES: ReadonlySet<number> = new Set([326, 502, 10197]);

/** The account a session may trade: paper on a paper account, live only on the one the trader typed. */
export interface IbAccountExpectation {
  kind: 'paper' | 'live';
  accountId?: string;
}

/** Why this login may not be traded by the session, or null when it may (the first-letter rule of `accountKind`). */
export function checkAccount(expect: IbAccountExpectation, accounts: readonly string[]): string | null {
  if (accounts.length === 0) return 'Interactive Brokers listed no account for this login';
  const account = expect.accountId ?? accounts[0]!;
  if (!accounts.includes(account)) return `account ${account} is not among this login's accounts (${accounts.join(', ')})`;
  const kind = accountKind(account);
  if (kind === expect.kind) return null;
  return expect.kind === 'paper'
    ? `account ${account} is a live account: an IB paper session needs a paper account (its id begins with D); log in to your paper account, or switch to IB live`
    : `account ${account} is a paper account: an IB live session needs a live account`;
}

export interface IbConnectionDeps {
  endpoint: IbEndpoint;
  /** Paper sessions only on a paper account; live only on the live account the trader confirmed. */
  expect: IbAccountExpectation;
  clock: Clock;
  alert: (alert: Pick<EventOf<'AlertRaised'>, 'severity' | 'code' | 'message' | 'detail'>) => void;
  /** TWS has IB's servers again (1101: with the market data lost, to subscribe again; 1102: kept). */
  restored: (dataLost: boolean) => void;
}

/**
 * The connection supervisor: one socket to TWS / IB Gateway and what state it is in. It connects,
 * reconnects with backoff (0.5 s doubling to 30 s), tells a gateway waiting for its second-factor
 * login from a dead one, checks the login's accounts, follows IB's connection codes (1100 / 2110
 * servers lost, 1101 / 1102 restored, 502 nothing listening, 326 client id taken, 10197 a competing
 * session has the market data) and words each state for the trader. Orders, executions and the
 * reconciliation stay with the venue, which it tells when a connection opens.
 */
export class IbConnection {
  private status: IbConnectionStatus;
  /** No connection since start or since it was lost: the next `nextValidId` opens one (not the answer to reqIds). */
  private lost = true;
  /** Connections lost in a row: the next attempt waits 0.5 s × 2^n, at most 30 s. */
  private failures = 0;
  private loginWait: CancelTimer | null = null;
  private reconnect: CancelTimer | null = null;
  private running = false;
  /** Why the last attempt failed (502: nothing listening), kept while the next attempt waits. */
  private attemptFailed: string | null = null;

  private readonly ib: IBApi;
  private readonly deps: IbConnectionDeps;

  constructor(ib: IBApi, deps: IbConnectionDeps) {
    this.ib = ib;
    this.deps = deps;
    this.status = {
      state: 'connecting',
      endpoint: deps.endpoint,
      accounts: [],
      account: null,
      serverVersion: null,
      detail: '',
      since: 0,
      marketDataHalted: null,
      lastReconciliation: null,
    };
    ib.on(EventName.server, (version: number) => (this.status = { ...this.status, serverVersion: version }));
    ib.on(EventName.managedAccounts, (list: string) => this.onAccounts(list));
    ib.on(EventName.disconnected, () => this.onDisconnected());
    ib.on(EventName.info, (text: string, code: number) => this.onCode(text, code));
    ib.on(EventName.error, (err: Error, code: number) => this.onCode(err.message, code));
  }

  /** The connection as the connection panel shows it. */
  snapshot(): IbConnectionStatus {
    return { ...this.status, accounts: [...this.status.accounts] };
  }

  get state(): IbConnectionStatus['state'] {
    return this.status.state;
  }

  /** The account this session trades (null until the login's accounts are checked, or refused). */
  get account(): string | null {
    return this.status.account;
  }

  get detail(): string {
    return this.status.detail;
  }

  /** A socket that talks to IB: requests (cancels, executions) go out; orders once reconciled (`state` connected). */
  get up(): boolean {
    return this.status.state === 'reconciling' || this.status.state === 'connected';
  }

  start(): void {
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.reconnect?.();
    this.reconnect = null;
    this.loginWait?.();
    this.loginWait = null;
    this.ib.disconnect();
  }

  /**
   * `nextValidId` arrived: a new connection (the venue reconciles before anything else), the answer
   * to a `reqIds` on the connection it has, or nothing on a refused login.
   */
  opened(): 'new' | 'same' | 'refused' {
    if (this.status.state === 'refused') return 'refused';
    this.loginWait?.();
    this.loginWait = null;
    this.failures = 0;
    this.attemptFailed = null;
    if (!this.lost) return 'same';
    this.lost = false;
    this.setStatus('reconciling', 'reconciling orders and executions with Interactive Brokers');
    return 'new';
  }

  /** The venue finished reconciling: orders may go out. */
  reconciled(): void {
    const { host, port } = this.status.endpoint;
    this.setStatus('connected', `connected to ${host}:${port}, account ${this.status.account}`);
  }

  recordReconciliation(report: NonNullable<IbConnectionStatus['lastReconciliation']>): void {
    this.status = { ...this.status, lastReconciliation: report };
  }

  /** A price arrived (the quote feed says so): whatever halted the market data is over. */
  marketDataFlowing(): void {
    if (this.status.marketDataHalted) this.status = { ...this.status, marketDataHalted: null };
  }

  private setStatus(state: IbConnectionStatus['state'], detail: string): void {
    if (this.status.state === state && this.status.detail === detail) return;
    this.status = { ...this.status, state, detail, since: this.deps.clock.now() };
  }

  /**
   * One attempt to connect. An attempt neither answered nor refused for a while is a gateway that
   * accepted the socket and waits for its (second-factor) login before it answers the API.
   */
  private connect(): void {
    this.loginWait?.();
    this.loginWait = this.deps.clock.after(LOGIN_WAIT_MS, () => {
      this.loginWait = null;
      if (this.lost && this.running)
        this.setStatus('waiting-for-login', describeConnection('waiting-for-login', this.status.endpoint, this.deps.clock.now()));
    });
    this.ib.connect(this.deps.endpoint.clientId);
  }

  private onAccounts(list: string): void {
    const accounts = list.split(',').filter(Boolean);
    const problem = checkAccount(this.deps.expect, accounts);
    this.status = { ...this.status, accounts, account: problem ? null : (this.deps.expect.accountId ?? accounts[0]!) };
    if (!problem) return;
    // The wrong kind of account: nothing may trade here, and trying again would not change it.
    this.setStatus('refused', problem);
    this.deps.alert({ severity: 'critical', code: 'ib-account-refused', message: problem, detail: { accounts: accounts.join(',') } });
    this.ib.disconnect();
  }

  private onCode(text: string, code: number): void {
    const now = this.deps.clock.now();
    if (code === 502 || code === 326) {
      this.attemptFailed = describeConnectFailure(this.status.endpoint, code, text);
      this.setStatus(code === 326 ? 'client-id-in-use' : 'connecting', code === 326 ? this.attemptFailed : this.retryText());
    } else if (code === 1100 || code === 2110) {
      // TWS lost IB's servers: orders cannot go out.
      this.setStatus('ib-servers-lost', describeConnection('ib-servers-lost', this.status.endpoint, now, `IB ${code}: ${text}`));
    } else if ((code === 1101 || code === 1102) && this.status.state === 'ib-servers-lost') {
      this.setStatus('connected', `IB ${code}: ${text}`);
      this.marketDataFlowing();
      this.deps.restored(code === 1101);
    } else if (code === 10197) this.haltMarketData(`IB ${code}: ${text}`);
  }

  /**
   * 10197: another session of this login (TWS elsewhere, the mobile app) has the market data. The
   * connection stays up and orders still go out, but no quotes come: said once (IB repeats it for
   * each subscription), shown beside the connection, and the stale-data breaker acts as the quotes
   * age. It ends with the next price, a reconnect, or 1101/1102.
   */
  private haltMarketData(ibText: string): void {
    if (this.status.marketDataHalted) return;
    const why = `${ibText}: another session of this IB login (TWS elsewhere, or the mobile app) is using the market data; log it out, or give this login its own market data subscription`;
    this.status = { ...this.status, marketDataHalted: why };
    this.deps.alert({
      severity: 'warning',
      code: 'BROKER_MARKET_DATA_COMPETING',
      message: `No market data from Interactive Brokers — ${why}`,
      detail: {},
    });
  }

  /** What the trader reads while the next attempt waits: why the last failed, unless IB's nightly restart explains it. */
  private retryText(): string {
    const now = this.deps.clock.now();
    return this.attemptFailed && !inNightlyRestartWindow(now)
      ? this.attemptFailed
      : describeConnection('connecting', this.status.endpoint, now);
  }

  private onDisconnected(): void {
    this.lost = true;
    // Told again after the reconnect if the other session still has the data.
    this.marketDataFlowing();
    this.loginWait?.();
    this.loginWait = null;
    const state = this.status.state;
    // The socket closes after a refusal too: the reason stays in view until an attempt gets further.
    if (state !== 'refused' && state !== 'waiting-for-login' && state !== 'client-id-in-use')
      this.setStatus('connecting', this.retryText());
    if (!this.running || this.reconnect || this.status.state === 'refused') return;
    const waitMs = Math.min(30_000, 500 * 2 ** this.failures++);
    this.reconnect = this.deps.clock.after(waitMs, () => {
      this.reconnect = null;
      if (this.running) this.connect();
    });
  }
}
