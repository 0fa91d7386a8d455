import {
  EventName,
  IBApi,
  OrderAction,
  OrderType,
  TimeInForce,
  type CommissionReport,
  type Contract,
  type Execution,
  type Order as IbOrder,
  type OrderState,
} from '@stoqey/ib';
import { toPrice, toQuantity } from '../../../shared/domain/branded.ts';
import type { Instrument } from '../../../shared/domain/instrument.ts';
import { describeExternalOrder, hasLimitPrice, hasStopPrice, type Fill, type Order } from '../../../shared/domain/orders.ts';
import { Agent, type AgentContext, type AgentState } from '../../engine/agent.ts';
import { amendVenueOrder, validateVenueOrder } from '../validate-venue-order.ts';
import { isClosedInJournal, type JournalOrderProgress, type OrderChanges, type Venue, type VenueOrderRequest } from '../venue.ts';
import { orderAmended, stampVenueEvent, type VenueEventBody } from '../venue-event.ts';
import type { IbEndpoint } from './ib-codes.ts';
import { CONNECTION_CODES, IbConnection, type IbAccountExpectation } from './ib-connection.ts';
import type { IbConnectionStatus } from './ib-connection-status.ts';
import { ACCOUNT_SUMMARY_TAGS, ReconciliationReport } from './ib-reconciliation-report.ts';
import { correctedExecIds, workingExternalOrder } from './ib-broker-records.ts';

/** An instrument Quorum trades at IB, with the contract IB knows it by. */
export interface IbInstrument {
  instrument: Instrument;
  contract: Contract;
}

/**
 * Order ids are never reused: the venue asks for the next id (at least `candidate`), and the ledger
 * keeps the highest one given out where it outlives the process (SQLite) before the order is sent.
 */
export interface OrderIdLedger {
  /** The id for this order: at least `candidate`, above every id given out before, kept with the order's id. */
  reserve(candidate: number, clientOrderId: string): number;
  /** Orders the journal shows open that went out through this connection, with their IB ids. */
  open(): { brokerOrderId: number; order: Order }[];
}

interface Working {
  order: Order;
  ibId: number;
  accepted: boolean;
  /** The order as an amend sent to IB would make it, until IB confirms it. */
  amend: Order | null;
  /** Why the order is being canceled (ours, or IB's 202 text). */
  cancelReason: string | null;
  /** When a cancel (ours or IB's global one) last went out for it. */
  cancelSentAt?: number;
}

/** A cancel asked for again this soon after the last one only queues behind it (IB answers each once). */
const CANCEL_REPEAT_MS = 1_000;

/** The request id of the account summary asked for on each connect (far from order ids: errors share the numbers). */
const ACCOUNT_SUMMARY_REQ_ID = 1_999_999_999;

/** TWS API pacing: 50 messages per second per client (IB's API documentation, "Message Rate Limitations"). */
const IB_MAX_MESSAGES_PER_SECOND = 50;

/** IB's codes for an order that are notices, not refusals. */
const NOTICES = new Set([202, 399, 2109, 10148, 10147, 161]);

const TIF: Record<Order['timeInForce'], TimeInForce> = {
  day: TimeInForce.DAY,
  gtc: TimeInForce.GTC,
  ioc: TimeInForce.IOC,
  fok: TimeInForce.FOK,
};

const ORDER_TYPE: Record<Order['type'], OrderType> = {
  market: OrderType.MKT,
  limit: OrderType.LMT,
  stop: OrderType.STP,
  stop_limit: OrderType.STP_LMT,
};

/** What the venue asks the journal: fills and corrections already recorded, by their ids. */
export interface IbJournal {
  /** The journaled fill as it stands (corrections applied), or null. */
  fill(fillId: string): Fill | null;
  /** Whether a correction (IB's execution id) is applied already. */
  corrected(correctionId: string): boolean;
}

/**
 * Interactive Brokers, through TWS or IB Gateway, as a venue: orders go out with `placeOrder`
 * (our client order id in `orderRef`, so IB's records name them), and IB's answers come back as
 * the domain's events, IB's text kept in every reason. A fill is an execution joined with its
 * commission report (IB's commission is the fee), published once per execution id.
 */
export class IbVenue extends Agent implements Venue {
  readonly name = 'Interactive Brokers';
  private readonly ib: IBApi;
  private readonly endpoint: IbEndpoint;
  private readonly instruments: readonly IbInstrument[];
  private readonly ledger: OrderIdLedger;
  private working = new Map<string, Working>();
  private byIbId = new Map<number, Working>();
  /** Executions waiting for their commission report, by execution id. */
  private readonly executions = new Map<string, Execution>();
  /** The fills published or found journaled, by IB's execution id, as they stand now (corrections applied). */
  private readonly published = new Map<string, Fill>();
  private nextId = 0;
  /** The socket to TWS / IB Gateway and its state. */
  private readonly link: IbConnection;
  private executionsAsked = 0;
  /**
   * While reconciling after a connect: the orders of ours that were working when it began (only
   * they can be missing at IB) and those IB has named since. No new order goes out meanwhile.
   */
  private reconciling: { candidates: Set<number>; named: Set<number> } | null = null;
  /** What this connection's reconciliation has found so far (reported once IB's positions and summary are in). */
  private report = new ReconciliationReport();
  /** The permIds of the external orders last alerted (an alert says a new set once). */
  private externalAlerted = '';

  private readonly journal: IbJournal;
  private readonly sessionListeners: (() => void)[] = [];
  /** A cancel-all asked for while not connected: sent as soon as the connection is back. */
  private cancelAllOnConnect = false;
  /** Our orders whose cancel was asked for while not connected (their ids at IB). */
  private readonly cancelOnConnect = new Set<number>();

  constructor(
    ctx: AgentContext,
    deps: {
      endpoint: IbEndpoint;
      instruments: readonly IbInstrument[];
      ledger: OrderIdLedger;
      /** What the journal holds already (after a restart or a reconnect, IB tells its executions again). */
      journal?: IbJournal;
      /** Paper sessions only on a paper account; live only on the live account the trader confirmed. */
      account?: IbAccountExpectation;
    },
  ) {
    super('venue.ibkr', ctx);
    this.endpoint = deps.endpoint;
    this.instruments = deps.instruments;
    this.ledger = deps.ledger;
    this.journal = deps.journal ?? { fill: () => null, corrected: () => false };
    // IB takes at most 50 messages a second from a client; the client paces at that (its default is 40).
    this.ib = new IBApi({ host: deps.endpoint.host, port: deps.endpoint.port, maxReqPerSec: IB_MAX_MESSAGES_PER_SECOND });
    this.link = new IbConnection(this.ib, {
      endpoint: deps.endpoint,
      expect: deps.account ?? { kind: 'paper' },
      clock: ctx.clock,
      alert: (alert) => this.raiseAlert(alert),
      restored: (dataLost) => {
        // Cancels asked for while TWS had lost IB's servers go out now.
        this.sendQueuedCancels();
        if (dataLost) for (const listener of this.sessionListeners) listener();
      },
    });
    this.ib.on(EventName.nextValidId, (id: number) => this.onConnected(id));
    this.ib.on(EventName.disconnected, () => (this.reconciling = null));
    // IB's open orders name every client's orders (reqAllOpenOrders): another client's ids are not ours.
    this.ib.on(
      EventName.orderStatus,
      (
        id: number,
        status: string,
        filled: number,
        remaining: number,
        _avg: number,
        _perm?: number,
        _parent?: number,
        _last?: number,
        clientId?: number,
      ) => {
        if (clientId === undefined || clientId === this.endpoint.clientId) this.onOrderStatus(id, status, filled, remaining);
      },
    );
    this.ib.on(EventName.openOrder, (_id: number, contract: Contract, order: IbOrder, state: OrderState) =>
      this.onOpenOrder(contract, order, state),
    );
    this.ib.on(EventName.openOrderEnd, () => this.onOpenOrderEnd());
    this.ib.on(EventName.execDetails, (_reqId: number, _contract: Contract, execution: Execution) => this.onExecution(execution));
    this.ib.on(EventName.commissionReport, (report: CommissionReport) => this.onCommission(report));
    this.ib.on(EventName.error, (err: Error, code: number, reqId: number) => this.onError(err.message, code, reqId));
    this.ib.on(EventName.position, (account: string, contract: Contract, pos: number) => this.onPosition(account, contract, pos));
    this.ib.on(EventName.positionEnd, () => this.onPositionEnd());
    this.ib.on(EventName.accountSummary, (reqId: number, account: string, tag: string, value: string, currency: string) => {
      if (reqId === ACCOUNT_SUMMARY_REQ_ID && (!this.link.account || account === this.link.account))
        this.report.addSummary(tag, Number(value), currency);
    });
    this.ib.on(EventName.accountSummaryEnd, (reqId: number) => {
      if (reqId !== ACCOUNT_SUMMARY_REQ_ID) return;
      this.ib.cancelAccountSummary(ACCOUNT_SUMMARY_REQ_ID);
      if (this.report.endSummary()) this.reportReconciliation();
    });
  }

  /** Connected, and done reconciling: orders may go out. */
  isConnected(): boolean {
    return this.reconciling === null && this.link.state === 'connected';
  }

  /** The connection as the connection panel shows it. */
  connection(): IbConnectionStatus {
    return this.link.snapshot();
  }

  /** A price arrived (the quote feed says so): whatever halted the market data is over. */
  marketDataFlowing(): void {
    this.link.marketDataFlowing();
  }

  /** The IB API client, for the market data of the same connection (one client id per session). */
  get api(): IBApi {
    return this.ib;
  }

  /** Called each time a connection is ready (reconciled) and after 1101 (IB dropped its market data). */
  onSession(listener: () => void): void {
    this.sessionListeners.push(listener);
  }

  /** Our working quantity by `side:price` (the ladder marks it beside IB's quote). */
  restingByPrice(instrumentId: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const { order: o } of this.working.values()) {
      if (o.instrumentId !== instrumentId || o.type !== 'limit') continue;
      const key = `${o.side}:${o.limitPrice}`;
      out.set(key, (out.get(key) ?? 0) + o.quantity - o.filledQuantity);
    }
    return out;
  }

  openOrders(): Order[] {
    return [...this.working.values()].map((w) => ({ ...w.order }));
  }

  protected override onStart(): void {
    this.link.start();
  }

  protected override onStop(): void {
    this.link.stop();
  }

  /** The cancels (and the kill switch's global cancel) asked for while nothing could reach IB. */
  private sendQueuedCancels(): void {
    if (this.cancelAllOnConnect) {
      this.cancelAllOnConnect = false;
      this.cancelOnConnect.clear();
      this.ib.reqGlobalCancel();
    }
    for (const ibId of this.cancelOnConnect) if (this.byIbId.has(ibId)) this.ib.cancelOrder(ibId);
    this.cancelOnConnect.clear();
  }

  /**
   * `nextValidId`: on a new connection (the first after a restart too) what filled while we were
   * away comes first — every execution of this client is asked for again, and those already
   * published or journaled are recognised by their ids — then the orders IB still works.
   */
  private onConnected(nextValidId: number): void {
    this.nextId = Math.max(this.nextId, nextValidId);
    const opened = this.link.opened();
    if (opened === 'refused') return;
    this.sendQueuedCancels();
    if (opened !== 'new') return;
    this.ib.reqExecutions(++this.executionsAsked, { clientId: String(this.endpoint.clientId) });
    // Then the orders IB still works: ours it does not name are closed at openOrderEnd.
    this.reconciling = { candidates: new Set([...this.working.values()].map((w) => w.ibId)), named: new Set() };
    this.report = new ReconciliationReport();
    // Every client's and TWS's: orders we did not place are shown as external.
    this.ib.reqAllOpenOrders();
  }

  submit(r: VenueOrderRequest): void {
    const order: Order = { ...r, status: 'submitted', filledQuantity: toQuantity(0), createdAt: this.ctx.clock.now() };
    this.emit({ type: 'OrderSubmitted', order }, r.decisionId);
    const listed = this.instruments.find((i) => i.instrument.id === r.instrumentId);
    const problem = this.working.has(r.clientOrderId)
      ? 'duplicate client order id'
      : (validateVenueOrder(r, listed?.instrument, this.name) ?? this.notReady());
    if (problem || !listed) return this.emit({ type: 'OrderRejected', clientOrderId: r.clientOrderId, reason: problem! }, r.decisionId);
    const ibId = this.ledger.reserve(this.nextId, r.clientOrderId);
    this.nextId = ibId + 1;
    const w: Working = { order, ibId, accepted: false, amend: null, cancelReason: null };
    this.working.set(r.clientOrderId, w);
    this.byIbId.set(ibId, w);
    this.ib.placeOrder(ibId, listed.contract, this.ibOrder(order));
  }

  /** Why no order may go out now, or null when one may. */
  private notReady(): string | null {
    if (this.isConnected()) return null;
    if (this.link.up) return 'reconciling with Interactive Brokers after connecting; try again in a moment';
    if (this.link.state === 'ib-servers-lost' || this.link.state === 'refused') return this.link.detail;
    return 'not connected to Interactive Brokers (TWS or IB Gateway)';
  }

  cancel(clientOrderId: string, reason = 'canceled on request'): void {
    const w = this.working.get(clientOrderId);
    if (!w) return;
    const now = this.ctx.clock.now();
    // Just asked (or taken by a global cancel): a second request would only queue behind the first.
    if (w.cancelSentAt !== undefined && now - w.cancelSentAt < CANCEL_REPEAT_MS) return;
    w.cancelReason ??= reason;
    w.cancelSentAt = now;
    if (this.link.up) this.ib.cancelOrder(w.ibId);
    else this.cancelOnConnect.add(w.ibId);
  }

  amend(clientOrderId: string, changes: OrderChanges): void {
    const w = this.working.get(clientOrderId);
    const listed = w && this.instruments.find((i) => i.instrument.id === w.order.instrumentId);
    // IB does not say when a stop is set off; a change it can no longer make is refused by IB (its code and words).
    const r = w
      ? amendVenueOrder(w.order, changes, true, listed?.instrument, 'Interactive Brokers')
      : { problem: 'no working order with this id' };
    if ('problem' in r) return this.emit({ type: 'OrderAmendRejected', clientOrderId, reason: r.problem }, w?.order.decisionId);
    w!.amend = r.order;
    // IB amends an order when the same id is placed again with new terms.
    this.ib.placeOrder(w!.ibId, listed!.contract, this.ibOrder(r.order));
  }

  /** Ours only, one by one: orders typed into TWS or placed by another client are not ours to cancel. */
  cancelAll(reason: string): void {
    for (const w of this.working.values()) this.cancel(w.order.clientOrderId, reason);
  }

  /** The kill switch: IB's global cancel, every open order of the account. */
  cancelEverything(reason: string): void {
    const now = this.ctx.clock.now();
    for (const w of this.working.values()) {
      w.cancelReason = reason;
      w.cancelSentAt = now;
    }
    // Not connected (the kill switch of an engine that just started, or during a drop): IB's global
    // cancel goes out first thing on the next connection, before the reconciliation.
    if (this.link.up) this.ib.reqGlobalCancel();
    else this.cancelAllOnConnect = true;
  }

  reconcileWithJournal(progress: (clientOrderId: string) => JournalOrderProgress | null): void {
    for (const [id, w] of [...this.working]) {
      const j = progress(id);
      if (isClosedInJournal(j)) {
        this.working.delete(id);
        this.byIbId.delete(w.ibId);
      } else w.order = { ...w.order, filledQuantity: toQuantity(j!.filledQuantity), status: j!.status };
    }
    // Orders sent after the last checkpoint (the engine died before the next one): the ledger knows
    // their IB ids, and the reconciliation on connect finds them at IB, or closes them.
    for (const { brokerOrderId, order } of this.ledger.open()) {
      if (this.working.has(order.clientOrderId)) continue;
      const w: Working = { order, ibId: brokerOrderId, accepted: order.status !== 'submitted', amend: null, cancelReason: null };
      this.working.set(order.clientOrderId, w);
      this.byIbId.set(brokerOrderId, w);
    }
  }

  override saveState(): AgentState {
    return { working: JSON.parse(JSON.stringify([...this.working.values()])) as AgentState, nextId: this.nextId };
  }

  override loadState(state: AgentState): void {
    const s = state as unknown as { working: Working[]; nextId: number };
    this.working = new Map(s.working.map((w) => [w.order.clientOrderId, w]));
    this.byIbId = new Map(s.working.map((w) => [w.ibId, w]));
    this.nextId = s.nextId;
  }

  protected override onReset(): void {
    this.working = new Map();
    this.byIbId = new Map();
  }

  private ibOrder(o: Order): IbOrder {
    return {
      action: o.side === 'buy' ? OrderAction.BUY : OrderAction.SELL,
      orderType: ORDER_TYPE[o.type],
      totalQuantity: o.quantity,
      ...(o.limitPrice !== undefined && hasLimitPrice(o.type) ? { lmtPrice: o.limitPrice } : {}),
      // IB's stop price is the order's auxiliary price.
      ...(o.stopPrice !== undefined && hasStopPrice(o.type) ? { auxPrice: o.stopPrice } : {}),
      tif: TIF[o.timeInForce],
      outsideRth: o.outsideRth === true,
      orderRef: o.clientOrderId,
      ...(this.link.account ? { account: this.link.account } : {}),
      transmit: true,
    };
  }

  /**
   * One of IB's open orders while reconciling. Ours (this client's, one we work) are followed by
   * their status; any other working order — typed into TWS, another client's, or one under our
   * client id that this profile does not know — is external: reported and alerted, never managed.
   */
  private onOpenOrder(contract: Contract, order: IbOrder, state: OrderState): void {
    if (!this.reconciling) return;
    if (order.clientId === this.endpoint.clientId && order.orderId !== undefined && this.byIbId.has(order.orderId)) return;
    const external = workingExternalOrder(contract, order, state);
    if (external) this.report.externalOrders.set(external.permId, external);
  }

  private onOrderStatus(ibId: number, status: string, filled: number, remaining: number): void {
    const w = this.byIbId.get(ibId);
    if (!w) return;
    this.reconciling?.named.add(ibId);
    if (!w.accepted && status !== 'Cancelled' && status !== 'ApiCancelled' && status !== 'Inactive') {
      w.accepted = true;
      w.order = { ...w.order, status: 'accepted' };
      this.emit({ type: 'OrderAccepted', clientOrderId: w.order.clientOrderId, venueOrderId: String(ibId) }, w.order.decisionId);
    }
    if (w.amend && filled + remaining === w.amend.quantity && status !== 'Cancelled') {
      const { quantity, limitPrice, stopPrice } = w.amend;
      w.amend = null;
      w.order = { ...w.order, quantity, limitPrice, stopPrice };
      this.emit(orderAmended(w.order), w.order.decisionId);
    }
    if (status === 'Cancelled' || status === 'ApiCancelled') this.close(w, w.cancelReason ?? 'canceled at Interactive Brokers');
  }

  /**
   * The end of IB's open orders after a reconnect: an order of ours it did not name is not at IB.
   * One it never acknowledged was lost with the connection as it was sent (rejected: nothing of it
   * can fill); one it had acknowledged was closed there while we were away (canceled). Fills were
   * asked for first, so a filled one is already done.
   */
  private onOpenOrderEnd(): void {
    const r = this.reconciling;
    if (!r) return;
    this.reconciling = null;
    this.link.reconciled();
    for (const w of [...this.working.values()]) {
      if (!r.candidates.has(w.ibId) || r.named.has(w.ibId)) continue;
      this.report.ordersClosed++;
      if (w.accepted) this.close(w, 'Interactive Brokers no longer has this order (closed while the connection was down)');
      else {
        this.forget(w);
        const reason = 'not received by Interactive Brokers: the connection dropped as the order was sent; nothing of it can fill';
        this.emit({ type: 'OrderRejected', clientOrderId: w.order.clientOrderId, reason }, w.order.decisionId);
      }
    }
    // Last, IB's positions (once every missed fill is in the book, they must agree with it) and the
    // account's summary; the report goes out when both are in.
    this.report.askedForBalances();
    this.ib.reqPositions();
    this.ib.reqAccountSummary(ACCOUNT_SUMMARY_REQ_ID, 'All', ACCOUNT_SUMMARY_TAGS);
    for (const listener of this.sessionListeners) listener();
  }

  private onPosition(account: string, contract: Contract, pos: number): void {
    if (this.link.account && account !== this.link.account) return;
    const listed = this.instruments.find(
      (i) => i.contract.symbol === contract.symbol && (contract.secType ?? 'STK') === i.contract.secType,
    );
    if (listed) this.report.addPosition(listed.instrument.id, pos);
  }

  private onPositionEnd(): void {
    if (!this.report.endPositions()) return;
    this.ib.cancelPositions();
    this.reportReconciliation();
  }

  private reportReconciliation(): void {
    const found = this.report.findings(
      this.instruments.map((i) => i.instrument.id),
      this.working.size,
    );
    if (!found) return;
    const now = this.ctx.clock.now();
    this.link.recordReconciliation({ at: now, ...found });
    this.publish({
      type: 'BrokerReconciled',
      tsEvent: now,
      tsInit: now,
      source: this.id,
      venue: this.name,
      account: this.link.account,
      ...found,
    });
    // Said once for each new set of external orders, not at every reconnect.
    const external = found.externalOrders.map((o) => o.permId).join(',');
    if (external && external !== this.externalAlerted) {
      const list = found.externalOrders.map(describeExternalOrder).join('; ');
      const n = found.externalOrders.length;
      this.raiseAlert({
        severity: 'warning',
        code: 'BROKER_EXTERNAL_ORDERS',
        message: `Interactive Brokers works ${n} order${n === 1 ? '' : 's'} Quorum did not place (${list}): Quorum does not manage ${n === 1 ? 'it' : 'them'}, and the risk limits do not count ${n === 1 ? 'it' : 'them'}; the kill switch's global cancel cancels ${n === 1 ? 'it' : 'them'}`,
        detail: { orders: n, permIds: external },
      });
    }
    this.externalAlerted = external;
  }

  /**
   * Whether the execution corrects one we already counted (its id with a higher number after the
   * last '.'). A correction is never a second fill: the first time it is told it restates the fill
   * (FillCorrected: positions and cash as if the fill had been right from the start) and says so in
   * an alert; told again (IB repeats executions after every reconnect) it is recognised by its id.
   */
  private applyCorrection(e: Execution, report: CommissionReport): boolean {
    const execId = e.execId ?? '';
    let original: { id: string; fill: Fill } | null = null;
    for (const id of correctedExecIds(execId)) {
      const fill = this.published.get(id) ?? (e.orderRef === undefined ? null : this.journal.fill(`${e.orderRef}-${id}`));
      if (fill) {
        original = { id, fill };
        break;
      }
    }
    if (!original) return false;
    this.executions.delete(execId);
    if (this.published.has(execId) || this.journal.corrected(execId)) return true;
    const was = original.fill;
    const tick = this.instruments.find((i) => i.instrument.id === was.instrumentId)?.instrument.tickSize ?? 0.01;
    const fill: Fill = {
      ...was,
      price: toPrice(e.price ?? was.price, tick),
      quantity: toQuantity(e.shares ?? was.quantity),
      fee: report.commission ?? was.fee,
    };
    this.published.set(original.id, fill);
    this.published.set(execId, fill);
    const w = this.working.get(was.clientOrderId);
    if (w) w.order = { ...w.order, filledQuantity: toQuantity(w.order.filledQuantity + fill.quantity - was.quantity) };
    const source = this.reconciling ? 'reconciliation' : this.id;
    this.emit(
      { type: 'FillCorrected', correctionId: execId, fill, was: { price: was.price, quantity: was.quantity, fee: was.fee } },
      w?.order.decisionId,
      source,
    );
    this.raiseAlert({
      severity: 'warning',
      code: 'BROKER_EXECUTION_CORRECTED',
      message: `Interactive Brokers corrected execution ${original.id} of order ${was.clientOrderId}: ${was.quantity} @ ${was.price} is now ${fill.quantity} @ ${fill.price} (${execId}). The position and cash are restated from the corrected fill; it is not counted twice`,
      detail: { execId, corrects: original.id, shares: fill.quantity, price: fill.price, order: was.clientOrderId },
    });
    return true;
  }

  private onExecution(e: Execution): void {
    if (e.execId && !this.published.has(e.execId)) this.executions.set(e.execId, e);
  }

  private onCommission(report: CommissionReport): void {
    const e = report.execId ? this.executions.get(report.execId) : undefined;
    if (e && this.applyCorrection(e, report)) return;
    const w = e?.orderId !== undefined ? this.byIbId.get(e.orderId) : undefined;
    if (!e || !w || this.published.has(report.execId!)) return;
    this.executions.delete(report.execId!);
    const o = w.order;
    const fillId = `${o.clientOrderId}-${e.execId}`;
    // Journaled before a restart: already counted in the order's filled quantity (from the journal).
    const journaled = this.journal.fill(fillId);
    if (journaled) {
      this.published.set(report.execId!, journaled);
      return;
    }
    if (this.reconciling) this.report.fillsRecovered++;
    const tick = this.instruments.find((i) => i.instrument.id === o.instrumentId)!.instrument.tickSize;
    const cumulative = e.cumQty ?? o.filledQuantity + (e.shares ?? 0);
    w.order = { ...o, filledQuantity: toQuantity(cumulative), status: cumulative >= o.quantity ? 'filled' : 'partially_filled' };
    const fill: Fill = {
      // IB's execution id: the same execution told twice (after a reconnect) is the same fill.
      fillId,
      clientOrderId: o.clientOrderId,
      instrumentId: o.instrumentId,
      side: o.side,
      price: toPrice(e.price ?? 0, tick),
      quantity: toQuantity(e.shares ?? 0),
      fee: report.commission ?? 0,
      ts: this.ctx.clock.now(),
    };
    this.published.set(report.execId!, fill);
    this.emit(
      { type: 'OrderFilled', fill, leavesQuantity: toQuantity(o.quantity - cumulative) },
      o.decisionId,
      // A fill found while reconciling (missed while disconnected, or while no engine ran) says so.
      this.reconciling ? 'reconciliation' : this.id,
    );
    if (cumulative >= o.quantity) this.forget(w);
  }

  private onError(text: string, code: number, reqId: number): void {
    // The connection's own codes are the supervisor's (a ticker id may equal an order id).
    if (CONNECTION_CODES.has(code)) return;
    const w = this.byIbId.get(reqId);
    if (!w) return;
    if (code === 202) {
      w.cancelReason ??= text;
      return;
    }
    if (w.amend && (code === 104 || code === 135 || code === 10147)) {
      w.amend = null;
      return this.emit(
        { type: 'OrderAmendRejected', clientOrderId: w.order.clientOrderId, reason: `IB ${code}: ${text}` },
        w.order.decisionId,
      );
    }
    if (NOTICES.has(code) || w.accepted) return;
    this.forget(w);
    this.emit({ type: 'OrderRejected', clientOrderId: w.order.clientOrderId, reason: `IB ${code}: ${text}` }, w.order.decisionId);
    // A reused id may have reached IB under another order: ask for fresh ids, never resend.
    if (code === 103) this.ib.reqIds();
  }

  private close(w: Working, reason: string): void {
    if (!this.working.has(w.order.clientOrderId)) return;
    this.forget(w);
    const o = w.order;
    this.emit(
      { type: 'OrderCanceled', clientOrderId: o.clientOrderId, leavesQuantity: toQuantity(o.quantity - o.filledQuantity), reason },
      o.decisionId,
    );
  }

  private forget(w: Working): void {
    this.working.delete(w.order.clientOrderId);
    this.byIbId.delete(w.ibId);
  }

  private emit(event: VenueEventBody, decisionId: string | undefined, source = this.id): void {
    this.publish(stampVenueEvent(event, source, this.ctx.clock.now(), decisionId));
  }
}
