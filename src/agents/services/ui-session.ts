import { RpcPeer } from '../../shared/ipc/rpc-peer.ts';
import type { Port } from '../../shared/ipc/port.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import type { Kernel } from '../engine/kernel.ts';

/** Event types the UI is sent as they happen (everything else it asks for). */
const UI_EVENTS = new Set<EngineEvent['type']>([
  'BarClosed',
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
 * Serves one renderer port: answers service calls from the kernel's registry and streams UI events
 * until the port closes.
 */
export function serveUiPort(kernel: Pick<Kernel, 'services' | 'bus' | 'clock' | 'options'>, port: Port): void {
  new RpcPeer(port, {
    schedule: (ms, fn) => kernel.clock.after(ms, fn),
    timeoutMs: 10_000,
    registry: kernel.services,
    onInvalid: (reason) => kernel.options.log.warn({ reason }, 'renderer sent a malformed message'),
  });
  const unsubscribe = kernel.bus.subscribe<EngineEvent>('*', (event) => {
    if (UI_EVENTS.has(event.type)) port.post({ t: 'evt', event });
  });
  port.onClose(unsubscribe);
}
