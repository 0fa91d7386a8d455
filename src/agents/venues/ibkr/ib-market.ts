import { SecType } from '@stoqey/ib';
import { InstrumentSchema, type Instrument } from '../../../shared/domain/instrument.ts';
import type { InstrumentDetails } from '../../../shared/domain/instrument-details.ts';
import { InstrumentStore } from '../../store/instrument-store.ts';
import type { Quote } from '../../../shared/domain/market.ts';
import type { AgentContext } from '../../engine/agent.ts';
import { readOpenBrokerOrders } from '../../store/order-projections.ts';
import type { Store } from '../../store/store.ts';
import type { PaperMarket } from '../simulated/paper-market.ts';
import type { IbEndpoint } from './ib-codes.ts';
import { IbQuoteFeed } from './ib-quote-feed.ts';
import { IbNewsSource } from './ib-news.ts';
import { IbDepth } from './ib-depth.ts';
import { parseTradingHours } from '../../../shared/market-data/trading-hours.ts';
import { IbBackfill } from './ib-backfill.ts';
import type { IbAccountExpectation } from './ib-connection.ts';
import { IbVenue, type IbInstrument, type OrderIdLedger } from './ib-venue.ts';

/** An Interactive Brokers session: where TWS / IB Gateway listens, which account, which stocks. */
export interface IbSessionSpec {
  kind: 'ib';
  endpoint: IbEndpoint;
  account: IbAccountExpectation;
  /** US stocks routed SMART in USD (issue 18 resolves any contract through IB's contract details). */
  symbols: readonly string[];
  /** Live: the agents get delayed data (no subscription) only when the trader allowed it (`session.delayedDataToAgents`). */
  delayedDataToAgents?: boolean;
}

/** The stocks a session lists when none are named. */
export const DEFAULT_IB_SYMBOLS: readonly string[] = ['AAPL', 'MSFT', 'SPY'];

/**
 * A stock at IB: `IB:<SYMBOL>`, SMART-routed. With its details resolved (`quorum instruments add`),
 * its contract id, currency and IB's minimum tick (the risk checks' tick size); without, a US stock
 * in cents.
 */
export function ibStock(symbol: string, details: InstrumentDetails | null = null): IbInstrument {
  const s = symbol.trim().toUpperCase();
  if (!/^[A-Z][A-Z0-9.]{0,11}$/.test(s)) throw new Error(`"${symbol}" is not a stock symbol IB would know (letters, digits, dots)`);
  const currency = details?.currency ?? 'USD';
  const instrument: Instrument = InstrumentSchema.parse({
    id: `IB:${s}`,
    symbol: s,
    venue: 'IB',
    currency,
    tickSize: details?.minTick ?? 0.01,
    lotSize: 1,
    ...(details?.timeZone ? { timeZone: details.timeZone } : {}),
  });
  return {
    instrument,
    contract: {
      symbol: s,
      secType: SecType.STK,
      exchange: 'SMART',
      currency,
      ...(details ? { conId: details.conId, primaryExch: details.primaryExchange } : {}),
    },
  };
}

/** The name under which a connection's order ids and orders are kept: one id space per TWS and client id. */
export const ledgerName = (e: IbEndpoint): string => `ibkr:${e.host}:${e.port}:${e.clientId}`;

/** Order ids from the profile's SQLite: reserved (with the order's id) before the order is sent. */
export function storeLedger(store: Store, venue: string): OrderIdLedger {
  return {
    reserve: (candidate, clientOrderId) => store.reserveBrokerOrderId(venue, candidate, clientOrderId),
    open: () => readOpenBrokerOrders(store.db, venue),
  };
}

/** The IB venue and its quotes as the kernel's market: no book of our own, IB's top of book on the ladder. */
export function buildIbMarket(
  spec: IbSessionSpec,
  barIntervalMs: number,
  context: (agentId: string) => AgentContext,
  store: Store,
): PaperMarket & { ib: IbVenue } {
  const resolved = InstrumentStore.besideJournal(store.file);
  const details = spec.symbols.map((s) => resolved.get(`IB:${s.trim().toUpperCase()}`));
  resolved.close();
  const instruments = spec.symbols.map((s, k) => ibStock(s, details[k]));
  // Each resolved instrument's trading sessions, the boundaries of its bars (none known: aligned to UTC).
  const sessions = new Map(
    details.flatMap((d) => {
      const parsed = d ? parseTradingHours(d.tradingHours, d.timeZone) : null;
      return d && parsed?.ok ? [[d.id, parsed.sessions] as const] : [];
    }),
  );
  const venue = new IbVenue(context('venue.ibkr'), {
    endpoint: spec.endpoint,
    instruments,
    account: spec.account,
    ledger: storeLedger(store, ledgerName(spec.endpoint)),
    journal: { fill: (fillId) => store.journaledFill(fillId), corrected: (id) => store.isCorrectionJournaled(id) },
  });
  const feed = new IbQuoteFeed(context('feed.ibkr'), {
    venue,
    instruments,
    barIntervalMs,
    withholdDelayed: spec.account.kind === 'live' && !spec.delayedDataToAgents,
    sessions: (instrumentId) => sessions.get(instrumentId) ?? [],
  });
  const { clock, log } = context('news.ibkr');
  const news = new IbNewsSource({ venue, instruments, clock, log });
  const history = context('history.ibkr');
  new IbBackfill({
    venue,
    instruments,
    barIntervalMs,
    clock: history.clock,
    log: history.log,
    record: (bars) => {
      for (const bar of bars) store.bars.save(bar);
    },
    backfilled: (instrumentId, bars) => {
      const now = history.clock.now();
      history.bus.publish('BarsBackfilled', {
        type: 'BarsBackfilled',
        tsEvent: now,
        tsInit: now,
        source: 'history.ibkr',
        instrumentId,
        bars,
      });
    },
  });
  const depthContext = context('depth.ibkr');
  const depth = new IbDepth({
    venue,
    instruments,
    log: depthContext.log,
    changed: (instrumentId) => {
      const now = depthContext.clock.now();
      depthContext.bus.publish('DepthUpdated', { type: 'DepthUpdated', tsEvent: now, tsInit: now, source: 'depth.ibkr', instrumentId });
    },
  });
  return {
    instruments: instruments.map((i) => i.instrument),
    exchange: null,
    feed,
    venue,
    ib: venue,
    topOfBook: (instrumentId: string): Quote | null => feed.quote(instrumentId),
    brokerDepth: (instrumentId) => depth.depth(instrumentId),
    depthRefusal: (instrumentId) => depth.refusal(instrumentId),
    headlines: (listener) => news.onHeadline(listener),
    newsArticle: (article) => news.article(article),
    connection: () => {
      const { endpoint, ...c } = venue.connection();
      return { ...c, ...endpoint };
    },
    label: `Interactive Brokers ${spec.account.kind} (${spec.endpoint.host}:${spec.endpoint.port}, client ${spec.endpoint.clientId})`,
  };
}
