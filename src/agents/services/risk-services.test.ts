import { registerServices } from './register-services.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { Kernel } from '../engine/kernel.ts';
import { Store } from '../store/store.ts';
import { tempDir } from '../store/store-fixtures.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('risk.alerts', () => {
  it('finds one instrument’s anomalies however many other alerts came after them', async () => {
    const store = Store.open(tmp.file('alerts.sqlite'));
    const kernel = new Kernel({ mode: 'backtest', store, seed: 1, log: silentLogger, barIntervalMs: 1_000, startMs: 0 });
    registerServices(kernel);
    kernel.start();
    const alert = (tsEvent: number, code: string, detail: Record<string, string | number>) =>
      kernel.bus.publish('AlertRaised', {
        type: 'AlertRaised',
        tsEvent,
        tsInit: tsEvent,
        source: 'test',
        severity: 'warning',
        code,
        message: code,
        detail,
      });
    alert(1, 'MARKET_ANOMALY', { instrumentId: 'SIM:ALPHA', returnZ: 6.1, volumeZ: 0.3 });
    alert(2, 'MARKET_ANOMALY', { instrumentId: 'SIM:BETA', returnZ: 0.2, volumeZ: 5.5 });
    for (let i = 0; i < 60; i++) alert(10 + i, 'STALE_DATA', { instrumentId: 'SIM:ALPHA' });
    alert(100, 'MARKET_ANOMALY', { instrumentId: 'SIM:ALPHA', returnZ: -5.2, volumeZ: 1 });

    const call = async (input: object) => {
      const r = (await kernel.services.call('risk.alerts', input)) as { ok: true; result: { ts: number; code: string; detail?: object }[] };
      expect(r.ok).toBe(true);
      return r.result;
    };
    // The newest 50 of all kinds hold only one of ALPHA's two anomalies …
    expect((await call({})).filter((a) => a.code === 'MARKET_ANOMALY')).toHaveLength(1);
    // … asked by code and instrument, both come back, newest first, with their detail.
    const alpha = await call({ code: 'MARKET_ANOMALY', instrumentId: 'SIM:ALPHA' });
    expect(alpha.map((a) => a.ts)).toEqual([100, 1]);
    expect(alpha[1]!.detail).toEqual({ instrumentId: 'SIM:ALPHA', returnZ: 6.1, volumeZ: 0.3 });
    expect((await call({ code: 'MARKET_ANOMALY', limit: 500 })).map((a) => a.ts)).toEqual([100, 2, 1]);
    expect(await call({ code: 'NO_SUCH_CODE' })).toEqual([]);
    expect(await kernel.services.call('risk.alerts', { limit: 0 })).toMatchObject({ ok: false });
    kernel.stop();
    store.close();
  });

  it('acknowledges an alert once, journaled, and refuses a row that is not one', async () => {
    const store = Store.open(tmp.file('acks.sqlite'));
    const kernel = new Kernel({ mode: 'backtest', store, seed: 1, log: silentLogger, barIntervalMs: 1_000, startMs: 0 });
    registerServices(kernel);
    kernel.start();
    kernel.bus.publish('AlertRaised', {
      type: 'AlertRaised',
      tsEvent: 5,
      tsInit: 5,
      source: 'test',
      severity: 'warning',
      code: 'X',
      message: 'x',
    });
    const seq = store.journal.headSeq;
    const ack = (s: number) => kernel.services.call('risk.acknowledgeAlert', { seq: s });
    expect(await ack(seq)).toEqual({ ok: true, result: { acknowledged: true, message: `alert ${seq} acknowledged` } });
    expect(await ack(seq)).toEqual({ ok: true, result: { acknowledged: false, message: `alert ${seq} was acknowledged already` } });
    expect(await ack(1)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/journal row 1 is not an alert/) } });
    const alerts = (await kernel.services.call('risk.alerts', {})) as { result: { seq: number; acknowledgedAt: number | null }[] };
    expect(alerts.result.find((a) => a.seq === seq)!.acknowledgedAt).toBe(kernel.clock.now());
    expect([...store.journal.rows()].filter((r) => r.type === 'AlertAcknowledged')).toHaveLength(1);
    kernel.stop();
    store.close();
  });
});
