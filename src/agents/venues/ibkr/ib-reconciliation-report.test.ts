import { describe, expect, it } from 'vitest';
import { ReconciliationReport } from './ib-reconciliation-report.ts';

const IDS = ['IB:AAPL', 'IB:MSFT'];

describe("a reconciliation's report", () => {
  it('is given once, after both IB positions and the account summary have ended, whichever ends first', () => {
    const report = new ReconciliationReport();
    report.fillsRecovered = 2;
    report.ordersClosed = 1;
    // IB may name an order twice: it is one external order.
    const typed = { permId: 7, clientId: 0, orderId: 0, symbol: 'AAPL', side: 'sell' as const, quantity: 25, orderType: 'LMT' };
    const rest = { limitPrice: 120, stopPrice: null, status: 'Submitted', account: 'DU1', orderRef: '' };
    report.externalOrders.set(7, { ...typed, ...rest });
    report.externalOrders.set(7, { ...typed, ...rest });
    report.askedForBalances();
    report.addPosition('IB:AAPL', 30);
    report.addPosition('IB:AAPL', -10);
    report.addSummary('NetLiquidation', 1_000_000, 'USD');
    report.addSummary('BuyingPower', 4_000_000, 'USD');
    report.addSummary('AvailableFunds', 900_000, 'USD');
    expect(report.endSummary()).toBe(true);
    expect(report.findings(IDS, 3)).toBeNull();
    expect(report.endPositions()).toBe(true);
    expect(report.endPositions()).toBe(false);
    expect(report.findings(IDS, 3)).toEqual({
      fillsRecovered: 2,
      ordersClosed: 1,
      ordersStillWorking: 3,
      // MSFT is flat: IB does not list it.
      positions: { 'IB:AAPL': 20, 'IB:MSFT': 0 },
      accountSummary: { netLiquidation: 1_000_000, buyingPower: 4_000_000, availableFunds: 900_000, currency: 'USD' },
      externalOrders: [{ ...typed, ...rest }],
    });
    expect(report.findings(IDS, 3)).toBeNull();
  });

  it('counts nothing IB sends before it was asked, and has no summary when a tag is missing', () => {
    const report = new ReconciliationReport();
    report.addPosition('IB:AAPL', 100);
    expect(report.endPositions()).toBe(false);
    report.askedForBalances();
    report.addSummary('NetLiquidation', 5, 'USD');
    report.endPositions();
    report.endSummary();
    expect(report.findings(IDS, 0)).toMatchObject({ positions: { 'IB:AAPL': 0, 'IB:MSFT': 0 }, accountSummary: null });
  });
});
