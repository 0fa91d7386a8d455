import { describe, expect, it } from 'vitest';
import { metricsOnFakeKernel } from './engine-metrics.test-helper.ts';

describe("the engine's Prometheus metrics", () => {
  it('count what passes on the bus and time decisions from their bar, journal appends and inference', async () => {
    const { kernel, clock, publish, register } = metricsOnFakeKernel('REDUCING');
    publish({ type: 'BarClosed', bar: { instrumentId: 'SIM:ALPHA' } });
    clock.advanceBy(12);
    publish({ type: 'DecisionMade', decision: { instrumentId: 'SIM:ALPHA', action: 'buy' } });
    publish({ type: 'OrderSubmitted', order: {} });
    publish({ type: 'OrderFilled', fill: { instrumentId: 'SIM:ALPHA' }, leavesQuantity: 5 });
    publish({ type: 'OrderFilled', fill: { instrumentId: 'SIM:ALPHA' }, leavesQuantity: 0 });
    publish({ type: 'OrderDenied', reasonCode: 'MAX_ORDER_QUANTITY' });
    kernel.journalAppendObservers[0]!(0.3);
    kernel.modelAnalyst.latencyObservers[0]!('m@1', 4);
    const text = await register.metrics();
    for (const line of [
      'quorum_bars_total{instrument="SIM:ALPHA"} 1',
      'quorum_decisions_total{action="buy"} 1',
      'quorum_orders_total{status="submitted"} 1',
      'quorum_orders_total{status="partially_filled"} 1',
      'quorum_orders_total{status="filled"} 1',
      'quorum_fills_total{instrument="SIM:ALPHA"} 2',
      'quorum_order_denials_total{reason="MAX_ORDER_QUANTITY"} 1',
      // 12 ms from the bar to its decision: in the 25 ms bucket, not the 10 ms one.
      'quorum_decision_latency_seconds_bucket{le="0.01"} 0',
      'quorum_decision_latency_seconds_bucket{le="0.025"} 1',
      'quorum_journal_append_seconds_bucket{le="0.0005"} 1',
      'quorum_inference_latency_seconds_bucket{le="0.005",model="m@1"} 1',
      'quorum_trading_state{state="REDUCING"} 1',
    ])
      expect(text).toContain(line);
    expect(text).toContain('quorum_engine_nodejs_eventloop_lag_seconds');
  });
});
