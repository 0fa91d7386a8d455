import { EventName, IBApi, OrderAction, OrderType, TimeInForce, type Contract } from '@stoqey/ib';

import type { BrokerEmergencyReport } from '../../shared/ipc/host-protocol.ts';

export type { BrokerEmergencyReport } from '../../shared/ipc/host-protocol.ts';

/**
 * The kill switch at Interactive Brokers for when the engine cannot be asked (hung, crashed): the
 * host opens its own connection (its own client id), sends IB's global cancel, and, if asked,
 * closes each position IB reports with a market order; then it asks IB for the orders still open.
 * Never throws: a failure is in the report, in words.
 */
export function cancelEverythingAtIb(
  endpoint: { host: string; port: number; clientId: number },
  options: { flatten: boolean; timeoutMs?: number; settleMs?: number },
): Promise<BrokerEmergencyReport> {
  const ib = new IBApi({ host: endpoint.host, port: endpoint.port });
  const report: BrokerEmergencyReport = { globalCancelSent: false, flattening: [], openAfter: 0, error: null };
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
      verify();
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
