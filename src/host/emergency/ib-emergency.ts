import { EventName, IBApi, OrderAction, OrderType, TimeInForce, type CommissionReport, type Contract, type Execution } from '@stoqey/ib';

import type { BrokerEmergencyReport } from '../../shared/ipc/host-protocol.ts';

export type { BrokerEmergencyReport } from '../../shared/ipc/host-protocol.ts';

/**
 * The kill switch at Interactive Brokers for when the engine cannot be asked (hung, crashed): the
 * host opens its own connection (its own client id), sends IB's global cancel, and, if asked,
 * closes each position IB reports with a market order, waiting a little for their executions (the
 * engine journals them); then it asks IB for the orders still open. Never throws: a failure is in
 * the report, in words.
 */
export function cancelEverythingAtIb(
  endpoint: { host: string; port: number; clientId: number },
  options: { flatten: boolean; timeoutMs?: number; settleMs?: number; fillWaitMs?: number },
): Promise<BrokerEmergencyReport> {
  const ib = new IBApi({ host: endpoint.host, port: endpoint.port });
  const report: BrokerEmergencyReport = { globalCancelSent: false, flattening: [], fills: [], openAfter: 0, error: null };
  // The flatten orders' executions, joined with their commission reports by execution id.
  const executions = new Map<string, { execution: Execution; symbol: string }>();
  const positions: { contract: Contract; pos: number }[] = [];
  return new Promise((resolve) => {
    let done = false;
    const finish = (error: string | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      report.error = error;
      ib.removeAllListeners();
      ib.on(EventName.error, () => {});
      ib.disconnect();
      resolve(report);
    };
    const timer = setTimeout(
      () => finish(`no answer from ${endpoint.host}:${endpoint.port} within ${(options.timeoutMs ?? 10_000) / 1000} s`),
      options.timeoutMs ?? 10_000,
    );
    let nextId = 0;
    ib.on(EventName.error, (err: Error, code: number, reqId: number) => {
      if (reqId === -1 || code === 502 || code === 326) finish(`IB ${code}: ${err.message}`);
    });
    ib.once(EventName.nextValidId, (id: number) => {
      nextId = id;
      ib.reqGlobalCancel();
      report.globalCancelSent = true;
      if (options.flatten) ib.reqPositions();
      else verify();
    });
    ib.on(EventName.position, (_account: string, contract: Contract, pos: number) => positions.push({ contract, pos }));
    ib.on(EventName.execDetails, (_reqId: number, contract: Contract, execution: Execution) => {
      if (execution.execId && report.flattening.some((f) => f.orderId === execution.orderId))
        executions.set(execution.execId, { execution, symbol: contract.symbol ?? '?' });
    });
    ib.on(EventName.commissionReport, (c: CommissionReport) => {
      const found = c.execId ? executions.get(c.execId) : undefined;
      if (!found || report.fills.some((f) => f.execId === c.execId)) return;
      const { execution: e, symbol } = found;
      report.fills.push({
        orderId: e.orderId!,
        execId: e.execId!,
        symbol,
        action: e.side === 'SLD' ? 'SELL' : 'BUY',
        shares: e.shares ?? 0,
        price: e.price ?? 0,
        commission: c.commission ?? 0,
      });
    });
    /** Every flatten order's quantity reported as executed. */
    const allFilled = () =>
      report.flattening.every((f) => report.fills.filter((x) => x.orderId === f.orderId).reduce((n, x) => n + x.shares, 0) >= f.quantity);
    ib.on(EventName.positionEnd, () => {
      for (const { contract, pos } of positions) {
        if (!pos) continue;
        const action = pos > 0 ? OrderAction.SELL : OrderAction.BUY;
        const orderId = nextId++;
        ib.placeOrder(
          orderId,
          { ...contract, exchange: contract.exchange || 'SMART' },
          {
            action,
            orderType: OrderType.MKT,
            totalQuantity: Math.abs(pos),
            tif: TimeInForce.DAY,
            orderRef: 'quorum-emergency-flatten',
            transmit: true,
          },
        );
        report.flattening.push({ symbol: contract.symbol ?? '?', action, quantity: Math.abs(pos), orderId });
      }
      // Their executions, for a while: a market order usually fills at once.
      const waitUntil = Date.now() + (options.fillWaitMs ?? 3_000);
      const waitForFills = () => (allFilled() || Date.now() >= waitUntil ? verify() : setTimeout(waitForFills, 50));
      waitForFills();
    });
    // After the cancel (and the flatten orders), what is still open at IB.
    const verify = () =>
      setTimeout(() => {
        ib.on(EventName.orderStatus, (_id: number, status: string) => {
          if (status === 'Submitted' || status === 'PreSubmitted') report.openAfter++;
        });
        ib.once(EventName.openOrderEnd, () => finish(null));
        ib.reqAllOpenOrders();
      }, options.settleMs ?? 300);
    ib.connect(endpoint.clientId);
  });
}
