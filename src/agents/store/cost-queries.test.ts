import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import type { TestClock } from '../engine/clock.ts';
import { Kernel } from '../engine/kernel.ts';
import { costReport } from '../execution/trading-costs.ts';
import { readOrderCosts, readParentCosts } from './cost-queries.ts';
import { readAccount } from './portfolio-projections.ts';
import { Store } from './store.ts';
import { tempDir } from './store-fixtures.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('the costs of a session, read from its journal', () => {
  it('finds every agent order its decision and prices, and adds up to the account', () => {
    const store = Store.open(tmp.file('costs.sqlite'));
    const kernel = new Kernel({ mode: 'backtest', store, seed: 5, log: silentLogger, barIntervalMs: 1_000, startMs: 1_700_000_000_000 });
    kernel.start();
    (kernel.clock as TestClock).advanceBy(300_000);
    kernel.stop();
    const rows = readOrderCosts(store.db, 0, Number.MAX_SAFE_INTEGER);
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) {
      expect(r.decision).not.toBeNull();
      expect(r.decisionPrice).toBeGreaterThan(0);
      expect(r.arrivalPrice).toBeGreaterThan(0);
    }
    const report = costReport(rows, readParentCosts(store.db, 0, Number.MAX_SAFE_INTEGER));
    expect(report.totals.fees).toBeCloseTo(readAccount(store.db).fees, 2);
    // Each decision's costs are shared out whole among its voters.
    const sum = (k: 'fees' | 'shortfall') => report.agents.reduce((s, a) => s + a[k], 0);
    expect(sum('fees')).toBeCloseTo(report.totals.fees, 1);
    expect(sum('shortfall')).toBeCloseTo(report.totals.shortfall, 1);
    expect(report.agents.find((a) => a.agentId === 'analyst.technical')!.decisions).toBeGreaterThan(0);
    // A window before the session holds nothing.
    expect(readOrderCosts(store.db, 0, 1_000)).toEqual([]);
    store.close();
  });
});
