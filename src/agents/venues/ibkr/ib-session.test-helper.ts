import { silentLogger } from '../../../shared/logger.ts';
import type { EngineEvent } from '../../../shared/messages/events.ts';
import { Kernel } from '../../engine/kernel.ts';
import { LiveClock } from '../../engine/live-clock.ts';
import { registerServices } from '../../services/register-services.ts';
import { Store } from '../../store/store.ts';
import { afterEach } from 'vitest';
import { FakeGateway, type FakeGatewayOptions } from './fake-gateway.ts';
import { buildIbMarket, type IbSessionSpec } from './ib-market.ts';
import type { IbVenue } from './ib-venue.ts';

// A broker lives in real time: the tests wait on the wall clock.
const clock = new LiveClock();
export const wait = (ms: number) => new Promise<void>((r) => clock.after(ms, r));
export async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  for (const end = clock.now() + ms; !check(); await wait(10)) if (clock.now() > end) throw new Error(`timed out waiting for ${what}`);
}

/**
 * Paper (or live) sessions on Interactive Brokers through a fake gateway, as the engine runs them:
 * a kernel on a journal file with the UI's services, every event kept. After each test the
 * sessions stop and the gateway `gatewayStarted` started stops; `stopAll` stops the sessions sooner.
 */
export function ibSessions() {
  const open: { kernel: Kernel; store: Store }[] = [];
  let started: FakeGateway | null = null;
  afterEach(async () => {
    stopAll();
    await started?.stop();
    started = null;
  });
  const gatewayStarted = async (options?: FakeGatewayOptions) => (started = await FakeGateway.start(options));
  const session = (
    gateway: FakeGateway,
    file: string,
    spec: Partial<IbSessionSpec> = {},
    options: { startHalted?: { reason: string; flatten: boolean; haltId: string }; barIntervalMs?: number } = {},
  ) => {
    const store = Store.open(file);
    const kernel = new Kernel({
      ...(options.startHalted ? { startHalted: options.startHalted } : {}),
      mode: spec.account?.kind ?? 'paper',
      store,
      seed: 1,
      log: silentLogger,
      barIntervalMs: options.barIntervalMs ?? 1_000,
      checkpointEveryMs: 60_000,
      ibMarket: buildIbMarket,
      feed: {
        kind: 'ib',
        endpoint: { host: '127.0.0.1', port: gateway.port, clientId: 7 },
        account: { kind: 'paper' },
        symbols: ['AAPL'],
        ...spec,
      },
    });
    registerServices(kernel);
    const events: EngineEvent[] = [];
    kernel.bus.subscribe<EngineEvent>('*', (e) => events.push(e));
    open.push({ kernel, store });
    return { kernel, store, events, venue: kernel.market.venue as unknown as IbVenue };
  };
  function stopAll() {
    for (const { kernel, store } of open.splice(0)) {
      kernel.stop();
      store.close();
    }
  }
  return { session, stopAll, gatewayStarted };
}
