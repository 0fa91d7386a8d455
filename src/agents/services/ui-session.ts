import { RpcPeer } from '../../shared/ipc/rpc-peer.ts';
import type { Port } from '../../shared/ipc/port.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import type { Kernel } from '../engine/kernel.ts';
import type { ServiceSignals } from './register-services.ts';
import { ViewFeed } from './view-feed.ts';

/**
 * Event types a UI port is sent as they happen. The renderer applies some itself (bars, prints,
 * signals, regimes, denials, alerts) and sees the rest through the views they change; scripted
 * clients (`quorum model` against a server, the e2e tests) follow orders by them.
 */
const UI_EVENTS = new Set<EngineEvent['type']>([
  'BarClosed',
  'BarsBackfilled',
  'QuoteUpdated',
  'TradePrinted',
  'TradingStateChanged',
  'SignalEmitted',
  'RegimeEstimated',
  'RegimeChanged',
  'ModelRegistered',
  'ModelStatusChanged',
  'DecisionMade',
  'TargetsSet',
  'AgentsTradingChanged',
  'OrderSubmitted',
  'OrderDenied',
  'OrderAccepted',
  'OrderRejected',
  'OrderFilled',
  'FillCorrected',
  'OrderCanceled',
  'AlertRaised',
  'OrderAmended',
  'OrderAmendRejected',
  'OrderExpired',
  'AlgoStarted',
  'AlgoCompleted',
  'RiskLimitsChanged',
]);

/**
 * Serves one renderer port: answers service calls from the kernel's registry, streams the events the
 * UI applies itself, and pushes the views (contracts/views.ts) when events change them, until the
 * port closes.
 */
export function serveUiPort(
  kernel: Pick<Kernel, 'services' | 'bus' | 'clock' | 'options' | 'market'>,
  port: Port,
  signals: ServiceSignals,
): void {
  new RpcPeer(port, {
    schedule: (ms, fn) => kernel.clock.after(ms, fn),
    timeoutMs: 10_000,
    registry: kernel.services,
    onInvalid: (reason) => kernel.options.log.warn({ reason }, 'renderer sent a malformed message'),
  });
  const views = new ViewFeed({
    services: kernel.services,
    clock: kernel.clock,
    instruments: () => kernel.market.instruments.map((i) => i.id),
    post: (update) => port.post({ t: 'view', ...update }),
  });
  const unsubscribe = kernel.bus.subscribe<EngineEvent>('*', (event) => {
    if (UI_EVENTS.has(event.type)) port.post({ t: 'evt', event });
    views.onEvent(event);
  });
  const offBacktests = signals.onBacktestsChanged(() => {
    views.mark('backtests');
    views.mark('downloads');
  });
  port.onClose(() => {
    unsubscribe();
    offBacktests();
    views.stop();
  });
}
