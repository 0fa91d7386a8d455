import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { FakeGateway, type FakeGatewayOptions } from '../src/agents/venues/ibkr/fake-gateway.ts';
import { startRandomMarket } from '../src/cli/commands/ib-gateway-sim.ts';
import { openWorkstation } from './browser.ts';
import { removeDir, startServe, type ServeProcess } from './serve-process.ts';
import { WsClient } from './ws-client.ts';

export interface IbWorkstation {
  gateway: FakeGateway;
  serve: ServeProcess;
  client: WsClient;
  browser: Browser;
  page: Page;
  /** Errors the page logged; a test ends by expecting none. */
  pageErrors: string[];
}

/**
 * For one test file: the project's fake IB Gateway with a random market in `symbols` (a quote every
 * `tickMs` each), `quorum serve` with the arguments `serveArgs` gives for that gateway, whatever
 * `prepare` sets up once both run, a scripted client, and the workstation in headless Chromium.
 * After the tests everything stops: the server must exit 0, and its data directory goes.
 */
export function useIbWorkstation(o: {
  gateway: FakeGatewayOptions;
  symbols: readonly string[];
  market: { seed: number; tickMs: number };
  serveArgs: (gateway: FakeGateway) => string[];
  prepare?: (session: Pick<IbWorkstation, 'gateway' | 'serve'>) => Promise<void>;
}): IbWorkstation {
  const session = { pageErrors: [] as string[] } as IbWorkstation;
  let stopMarket: (() => void) | null = null;
  beforeAll(async () => {
    session.gateway = await FakeGateway.start(o.gateway);
    stopMarket = startRandomMarket(session.gateway, o.symbols, o.market);
    session.serve = await startServe(o.serveArgs(session.gateway));
    await o.prepare?.(session);
    session.client = await WsClient.open(session.serve);
    ({ browser: session.browser, page: session.page } = await openWorkstation(session.serve.url, (m) => session.pageErrors.push(m)));
  });
  afterAll(async () => {
    await session.browser?.close();
    session.client?.close();
    expect(await session.serve.stop()).toBe(0);
    removeDir(session.serve.dataDir);
    stopMarket?.();
    await session.gateway?.stop();
  });
  return session;
}
