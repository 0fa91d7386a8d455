import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_VENUE_SETTINGS } from '../../shared/domain/venue.ts';
import { silentLogger } from '../../shared/logger.ts';
import { Kernel } from '../engine/kernel.ts';
import { InstrumentStore } from '../store/instrument-store.ts';
import { readVenueSettings } from '../store/projections.ts';
import { Store } from '../store/store.ts';
import { tempDir } from '../store/store-fixtures.ts';
import { FakeGateway } from '../venues/ibkr/fake-gateway.ts';
import { LOOKUP_CLIENT_ID } from '../venues/ibkr/ib-lookup.ts';
import { registerServices } from './register-services.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);
let gateway: FakeGateway | null = null;
const open: { kernel: Kernel; store: Store }[] = [];
afterEach(async () => {
  for (const { kernel, store } of open.splice(0)) {
    kernel.stop();
    store.close();
  }
  await gateway?.stop();
  gateway = null;
});

/** A simulated paper session whose profile's IB settings point at `port`. */
function simSession(file: string, port: number) {
  const store = Store.open(tmp.file(file));
  const kernel = new Kernel({ mode: 'paper', store, seed: 1, log: silentLogger, barIntervalMs: 1_000, checkpointEveryMs: 60_000 });
  const restarts: string[] = [];
  registerServices(kernel, { restartEngine: (why) => restarts.push(why) });
  kernel.start();
  kernel.bus.publish('VenueSwitched', {
    type: 'VenueSwitched',
    tsEvent: 1,
    tsInit: 1,
    source: 'trader',
    from: 'sim',
    settings: { ...DEFAULT_VENUE_SETTINGS, port },
    carriedPositions: {},
  });
  open.push({ kernel, store });
  const call = (method: string, input: object) => kernel.services.local(method, input);
  return { kernel, store, restarts, call };
}

describe('the symbol search', () => {
  it('finds the session’s instruments and IB’s stocks, adds one resolved through IB, and says what IB refused', async () => {
    gateway = await FakeGateway.start();
    const s = simSession('search.sqlite', gateway.port);
    const found = (await s.call('instruments.search', { text: 'am' })) as {
      session: { id: string }[];
      ib: { symbol: string; conId: number }[];
      ibError: string | null;
    };
    // No simulated instrument has "AM" in it; IB's symbols that begin with it, then names that contain it.
    expect(found.session).toEqual([]);
    expect(found.ib.map((m) => [m.symbol, m.conId])).toEqual([['AMZN', 4215235]]);
    expect(found.ibError).toBeNull();
    const sim = (await s.call('instruments.search', { text: 'alp' })) as { session: { id: string }[] };
    expect(sim.session.map((i) => i.id)).toEqual(['SIM:ALPHA']);
    // One lookup connection of its own, kept while the trader types.
    await s.call('instruments.search', { text: 'ms' });
    expect(gateway.sessions.filter((x) => x.clientId === LOOKUP_CLIENT_ID)).toHaveLength(1);

    const added = (await s.call('instruments.add', { symbol: 'amzn' })) as { details: { conId: number }; message: string };
    expect(added.details).toMatchObject({ id: 'IB:AMZN', conId: 4215235, currency: 'USD' });
    expect(added.message).toMatch(/^AMZN \(.*\) added to the IB session's symbols: it streams when the profile trades through IB$/);
    expect(readVenueSettings(s.store.db).symbols).toEqual(['AAPL', 'MSFT', 'SPY', 'AMZN']);
    const kept = InstrumentStore.besideJournal(s.store.file);
    expect(kept.get('IB:AMZN')).toMatchObject({ conId: 4215235 });
    kept.close();
    // A simulated session does not restart for it; adding it again changes nothing.
    expect(s.restarts).toEqual([]);
    expect(((await s.call('instruments.add', { symbol: 'AMZN' })) as { message: string }).message).toMatch(/already/);
    expect(readVenueSettings(s.store.db).symbols).toHaveLength(4);

    await expect(s.call('instruments.add', { symbol: 'NOPE' })).rejects.toThrow(/the details of NOPE: IB answered 200/);
    await expect(s.call('instruments.add', { symbol: 'no pe' })).rejects.toThrow(/symbol: a stock symbol/);
    expect(readVenueSettings(s.store.db).symbols).toHaveLength(4);
  });

  it('still finds the session’s instruments when IB does not answer, and says why', async () => {
    gateway = await FakeGateway.start();
    const port = gateway.port;
    await gateway.stop();
    gateway = null;
    const s = simSession('no-ib.sqlite', port);
    const found = (await s.call('instruments.search', { text: 'bra' })) as { session: { id: string }[]; ib: unknown[]; ibError: string };
    expect(found.session.map((i) => i.id)).toEqual(['SIM:BRAVO']);
    expect(found.ib).toEqual([]);
    expect(found.ibError).toMatch(/^IB: .*127\.0\.0\.1:\d+/);
  });
});
