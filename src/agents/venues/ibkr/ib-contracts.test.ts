import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IBApi } from '@stoqey/ib';
import { LiveClock } from '../../engine/live-clock.ts';
import { InstrumentStore } from '../../store/instrument-store.ts';
import { FakeGateway } from './fake-gateway.ts';
import { resolveStock, searchSymbols } from './ib-contracts.ts';
import { ibStock } from './ib-market.ts';
import { openIbApi } from './ib-open.ts';

const clock = new LiveClock();
const root = mkdtempSync(join(tmpdir(), 'quorum-contracts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let gateway: FakeGateway;
let ib: IBApi;
beforeEach(async () => {
  gateway = await FakeGateway.start();
  const opened = await openIbApi({ host: '127.0.0.1', port: gateway.port, clientId: 41 }, clock);
  if (!opened.ok) throw new Error(opened.reason);
  ib = opened.ib;
});
afterEach(async () => {
  ib.disconnect();
  await gateway.stop();
});

describe('instruments resolved through IB', () => {
  it("searches IB's symbols: those that begin with the text, then names that contain it", async () => {
    const byA = await searchSymbols(ib, 'A', clock);
    expect(byA.ok && byA.value.map((m) => m.symbol)).toEqual(['AAPL', 'AMZN', 'BRK B', 'SAP']);
    const microsoft = await searchSymbols(ib, 'MICRO', clock);
    expect(microsoft).toEqual({
      ok: true,
      value: [{ conId: 272093, symbol: 'MSFT', secType: 'STK', primaryExchange: 'NASDAQ', currency: 'USD', description: 'MICROSOFT CORP' }],
    });
  });

  it('resolves a stock: contract id, exchanges, currency, minimum tick, time zone and hours; kept and used by sessions', async () => {
    const sap = await resolveStock(ib, { symbol: 'sap', exchange: 'SMART', currency: 'EUR' }, clock);
    expect(sap).toEqual({
      ok: true,
      value: {
        id: 'IB:SAP',
        conId: 38709539,
        symbol: 'SAP',
        secType: 'STK',
        exchange: 'SMART',
        primaryExchange: 'IBIS',
        currency: 'EUR',
        longName: 'SAP SE',
        minTick: 0.02,
        multiplier: 1,
        timeZone: 'MET',
        tradingHours: '20241202:0800-20241202:2200',
        liquidHours: '20241202:0900-20241202:1730',
        resolvedAt: expect.any(Number),
      },
    });
    const store = InstrumentStore.besideJournal(join(root, 'quorum.sqlite'));
    store.save(sap.ok ? sap.value : (undefined as never));
    const kept = store.get('IB:SAP');
    store.close();
    // A session's instrument takes IB's tick (the risk checks' tick size), currency and contract id.
    const { instrument, contract } = ibStock('SAP', kept);
    expect(instrument).toMatchObject({ id: 'IB:SAP', currency: 'EUR', tickSize: 0.02 });
    expect(contract).toMatchObject({ conId: 38709539, primaryExch: 'IBIS', currency: 'EUR' });
    expect(ibStock('AAPL').instrument).toMatchObject({ currency: 'USD', tickSize: 0.01 });
  });

  it('says what IB said of a stock it does not know, and names the choices when a symbol is two stocks', async () => {
    expect(await resolveStock(ib, { symbol: 'NOPE', exchange: 'SMART', currency: 'USD' }, clock)).toEqual({
      ok: false,
      error: 'the details of NOPE: IB answered 200: No security definition has been found for the request',
    });
    gateway.contracts.contracts.push({ ...gateway.contracts.contracts[0]!, conId: 999, primaryExchange: 'MEXI' });
    expect(await resolveStock(ib, { symbol: 'AAPL', exchange: 'SMART', currency: 'USD' }, clock)).toEqual({
      ok: false,
      error: 'AAPL is more than one stock at IB (NASDAQ USD, MEXI USD): name one with --exchange or --currency',
    });
  });
});
