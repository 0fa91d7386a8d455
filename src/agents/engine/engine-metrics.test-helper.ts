import type { EngineEvent } from '../../shared/messages/events.ts';
import { TestClock } from './clock.ts';
import { engineMetrics } from './engine-metrics.ts';
import { MessageBus } from './message-bus.ts';

/** The engine's metrics over a bus and clock of their own, with the hooks the kernel gives them. */
export function metricsOnFakeKernel(state = 'ACTIVE') {
  const bus = new MessageBus();
  const clock = new TestClock(0);
  const kernel = {
    bus,
    clock,
    journalAppendObservers: [] as ((ms: number) => void)[],
    modelAnalyst: { latencyObservers: [] as ((model: string, ms: number) => void)[] },
    tradingState: { current: { state } },
  };
  const publish = (e: object) => bus.publish((e as EngineEvent).type, { tsEvent: 0, tsInit: 0, source: 't', ...e } as EngineEvent);
  return { kernel, clock, publish, register: engineMetrics(kernel as never) };
}
