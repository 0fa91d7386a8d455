import { auditContract } from '../../shared/contracts/audit.contract.ts';
import { createClient } from '../../shared/contracts/rpc-client.ts';
import { marketContract } from '../../shared/contracts/market.contract.ts';
import { systemContract } from '../../shared/contracts/system.contract.ts';
import { tradingContract } from '../../shared/contracts/trading.contract.ts';
import { ordersContract } from '../../shared/contracts/orders.contract.ts';
import { riskContract } from '../../shared/contracts/risk.contract.ts';
import { executionContract } from '../../shared/contracts/execution.contract.ts';
import { traceContract } from '../../shared/contracts/trace.contract.ts';
import { portfolioContract } from '../../shared/contracts/portfolio.contract.ts';
import { modelsContract } from '../../shared/contracts/models.contract.ts';
import { consensusContract } from '../../shared/contracts/consensus.contract.ts';
import { backtestsContract } from '../../shared/contracts/backtests.contract.ts';
import { sendUpload } from '../../shared/contracts/send-upload.ts';
import { describeDenial } from '../../shared/messages/describe-denial.ts';
import { useConsensus } from './consensus-store.ts';
import type { Signal } from '../../shared/domain/signals.ts';
import { useAnalysis } from './analysis-store.ts';
import { useRisk } from './risk-store.ts';
import type { TapePrint } from '../../shared/contracts/market.contract.ts';
import type { Bar } from '../../shared/domain/market.ts';
import type { HostStatus } from '../../shared/ipc/host-status.ts';
import { MARKET_DATA_EVENTS, type EngineEvent } from '../../shared/messages/events.ts';
import type { EngineLink } from '../link/engine-link.ts';
import { useMarket } from './market-store.ts';
import { useSession } from './session-store.ts';
import { useOrders } from './orders-store.ts';

export type EngineApi = ReturnType<typeof createApi>;

function createApi(link: EngineLink) {
  return {
    system: createClient(systemContract, link.call),
    trading: createClient(tradingContract, link.call),
    market: createClient(marketContract, link.call),
    audit: createClient(auditContract, link.call),
    orders: createClient(ordersContract, link.call),
    risk: createClient(riskContract, link.call),
    execution: createClient(executionContract, link.call),
    trace: createClient(traceContract, link.call),
    portfolio: createClient(portfolioContract, link.call),
    models: createClient(modelsContract, link.call),
    consensus: createClient(consensusContract, link.call),
    backtests: createClient(backtestsContract, link.call),
    /** Sends a file in chunks; the upload id is what models.import and backtests.importData take. */
    upload: (fileName: string, bytes: Uint8Array, onProgress?: (sent: number, total: number) => void) =>
      sendUpload(link.call, fileName, bytes, onProgress),
    /** The kill switch goes through the host, not the engine: it must work when the engine hangs. */
    killSwitch: (flatten: boolean) => link.killSwitch(flatten),
  };
}

/**
 * Moves engine state into the stores. Events are buffered and applied once per animation frame
 * (DESIGN.md §7); every new engine port (epoch) triggers a full resync of the snapshots.
 */
export function startEngineSync(link: EngineLink): EngineApi {
  const api = createApi(link);
  let bars: Bar[] = [];
  let host: HostStatus | null = null;
  let tradingChanged = false;
  let ordersChanged = false;
  let journalGrew = false;
  let journalAt = 0;
  let journalTimer = 0;
  let depthDue = false;
  let prints: (TapePrint & { instrumentId: string })[] = [];
  let signals: Signal[] = [];
  let regimes: { instrumentId: string; ts: number; probabilities: number[]; labels: string[] }[] = [];
  let modelsChanged = false;
  let decisionsAt = 0;
  let decisionsDue = false;
  let frame = 0;

  const flush = () => {
    frame = 0;
    if (bars.length) useMarket.getState().appendBars(bars);
    if (host) useSession.getState().patch({ host });
    // The journal grows with every signal, decision and order event; refresh its view at most once a second.
    if (tradingChanged || (journalGrew && performance.now() - journalAt > 1_000)) {
      journalAt = performance.now();
      void refreshTradingAndJournal();
    } else if (journalGrew && !journalTimer) {
      journalTimer = window.setTimeout(() => {
        journalTimer = 0;
        journalAt = performance.now();
        void refreshTradingAndJournal();
      }, 1_000);
    }
    if (prints.length) useMarket.getState().appendPrints(prints);
    if (signals.length) useAnalysis.getState().addSignals(signals);
    if (regimes.length) useAnalysis.getState().addRegimes(regimes);
    if (modelsChanged) void refreshModels(api);
    // Decisions come once per bar and instrument; the snapshot (with the agreement matrix) at most once a second.
    if (decisionsDue && performance.now() - decisionsAt > 1_000) {
      decisionsAt = performance.now();
      decisionsDue = false;
      void refreshConsensus(api);
    }
    signals = [];
    regimes = [];
    modelsChanged = false;
    if (ordersChanged) void refreshOrders(api);
    if (depthDue) void refreshDepth(api);
    prints = [];
    ordersChanged = depthDue = journalGrew = false;
    bars = [];
    host = null;
    tradingChanged = false;
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(flush);
  };

  const refreshTradingAndJournal = async () => {
    try {
      const [trading, journal] = await Promise.all([api.trading.getState({}), api.audit.recent({ limit: 60 })]);
      useSession.getState().patch({ trading, journal });
    } catch (err) {
      reportError(err);
    }
  };

  const resync = async () => {
    try {
      const [info, instruments] = await Promise.all([api.system.info({}), api.market.instruments({})]);
      useSession.getState().patch({ info, error: null });
      useMarket.getState().setInstruments(instruments);
      await Promise.all([
        loadSelectedBars(api),
        refreshTradingAndJournal(),
        refreshHealth(),
        refreshOrders(api),
        refreshDepth(api),
        refreshRisk(api),
        refreshModels(api),
        refreshConsensus(api),
      ]);
    } catch (err) {
      reportError(err);
    }
  };

  const refreshHealth = async () => {
    try {
      const health = await api.system.health({});
      useSession.getState().patch({ inference: health.inference, journalSeq: health.journalSeq });
    } catch (err) {
      reportError(err);
    }
  };

  link.onEvent((event: EngineEvent) => {
    // Market data is not journaled; every other engine event is.
    if (!MARKET_DATA_EVENTS.has(event.type)) journalGrew = true;
    if (event.type === 'BarClosed') bars.push(event.bar);
    else if (event.type === 'SignalEmitted') signals.push(event.signal);
    else if (event.type === 'DecisionMade' || event.type === 'TargetsSet') decisionsDue = true;
    else if (event.type === 'AgentsTradingChanged') void refreshConsensus(api);
    else if (event.type === 'RegimeEstimated') {
      const bar = useMarket.getState().bars[event.instrumentId]?.at(-1);
      regimes.push({
        instrumentId: event.instrumentId,
        ts: event.tsEvent - (bar?.intervalMs ?? 0),
        probabilities: event.probabilities,
        labels: event.labels,
      });
    } else if (event.type === 'ModelRegistered' || event.type === 'ModelStatusChanged') modelsChanged = true;
    else if (event.type === 'TradingStateChanged') tradingChanged = true;
    else if (event.type === 'QuoteUpdated') depthDue ||= event.quote.instrumentId === useMarket.getState().selected;
    else if (event.type === 'TradePrinted') {
      const { instrumentId, price, quantity, aggressor, ours, tsEvent } = event;
      prints.push({ instrumentId, ts: tsEvent, price, quantity, aggressor, ours });
      if (ours) ordersChanged = depthDue = true;
    } else if (event.type === 'OrderAmendRejected') {
      useOrders.getState().patch({ lastProblem: `amend refused: ${event.reason}` });
      ordersChanged = true;
    } else if (event.type === 'OrderDenied' || event.type === 'OrderRejected') {
      // Said where the trader looks (the banner, the top of the ticket), with the numbers that failed.
      const message =
        event.type === 'OrderDenied' ? describeDenial(event) : `Order ${event.clientOrderId} rejected by the venue: ${event.reason}`;
      useOrders.getState().patch({ lastProblem: message });
      useRisk.getState().patch({ banner: { seq: 0, ts: event.tsEvent, severity: 'warning', code: event.type, message } });
      ordersChanged = true;
    } else if (event.type === 'AlertRaised') {
      const alert = { seq: 0, ts: event.tsEvent, severity: event.severity, code: event.code, message: event.message };
      if (event.severity !== 'info' || event.code.startsWith('KILL_SWITCH')) useRisk.getState().patch({ banner: alert });
      if (event.severity === 'critical') notifyDesktop(event.message);
      void refreshRisk(api);
    } else if (event.type.startsWith('Order') || event.type.startsWith('Algo')) ordersChanged = depthDue = true;
    schedule();
  });
  link.onHostStatus((status) => {
    host = status;
    schedule();
  });
  link.onState((state) => {
    useSession.getState().patch({ link: state });
    if (state.connection === 'open') void resync();
  });
  useMarket.subscribe((s, prev) => {
    if (s.selected !== prev.selected) {
      void loadSelectedBars(api);
      void refreshDepth(api);
    }
  });
  window.setInterval(() => {
    if (useSession.getState().link.connection !== 'open') return;
    void refreshHealth();
    void refreshRisk(api);
    void refreshModels(api);
  }, 2_000);
  link.start();
  return api;
}

async function loadSelectedBars(api: EngineApi): Promise<void> {
  const id = useMarket.getState().selected;
  if (!id) return;
  const bars = await api.market.bars({ instrumentId: id, limit: 1_000 });
  useMarket.getState().replaceBars(id, bars);
}

async function refreshOrders(api: EngineApi): Promise<void> {
  try {
    const [open, fills, parents] = await Promise.all([api.orders.open({}), api.orders.fills({ limit: 500 }), api.execution.parents({})]);
    useOrders.getState().patch({ open, fills, parents });
  } catch (err) {
    reportError(err);
  }
}

async function refreshModels(api: EngineApi): Promise<void> {
  try {
    useAnalysis.getState().patch({ models: await api.models.list({}), modelsError: null });
  } catch (err) {
    useAnalysis.getState().patch({ modelsError: (err as Error).message });
  }
}

export async function refreshConsensus(api: EngineApi): Promise<void> {
  try {
    useConsensus.getState().patch({ snapshot: await api.consensus.snapshot({}), error: null });
  } catch (err) {
    useConsensus.getState().patch({ error: (err as Error).message });
  }
}

async function refreshRisk(api: EngineApi): Promise<void> {
  try {
    const [limits, usage, alerts, portfolio, portfolioVar] = await Promise.all([
      api.risk.limits({}),
      api.risk.usage({}),
      api.risk.alerts({ limit: 50 }),
      api.portfolio.snapshot({}),
      api.risk.portfolioVar({ level: 0.99, method: 'historical', horizonBars: 1 }),
    ]);
    useRisk.getState().patch({ limits, usage, alerts, portfolio, portfolioVar });
  } catch (err) {
    reportError(err);
  }
}

async function refreshDepth(api: EngineApi): Promise<void> {
  const id = useMarket.getState().selected;
  if (!id) return;
  try {
    const [depth, tape] = await Promise.all([
      api.market.depth({ instrumentId: id, levels: 12 }),
      useMarket.getState().tape[id] ? Promise.resolve(null) : api.market.trades({ instrumentId: id, limit: 100 }),
    ]);
    useMarket.getState().setDepth({ instrumentId: id, bids: depth.bids, asks: depth.asks });
    if (tape) useMarket.getState().setTape(id, tape);
  } catch (err) {
    reportError(err);
  }
}

/** A desktop notification in the Electron app (the page under `quorum serve` shows the banner only). */
function notifyDesktop(message: string): void {
  if (!(window as unknown as { quorum?: unknown }).quorum || typeof Notification === 'undefined') return;
  try {
    new Notification('Quorum', { body: message });
  } catch {
    // A notification that cannot be shown must never break the event flow; the banner still shows.
  }
}

export function reportError(err: unknown): void {
  useSession.getState().patch({ error: err instanceof Error ? err.message : String(err) });
}
