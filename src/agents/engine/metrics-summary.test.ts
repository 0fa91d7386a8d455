import { describe, expect, it } from 'vitest';
import { metricsReader } from './engine-metrics.ts';
import { metricsOnFakeKernel } from './engine-metrics.test-helper.ts';
import { histogramQuantile } from './metrics-summary.ts';

describe('histogramQuantile', () => {
  // Cumulative buckets: 2 observations ≤ 1, 4 more in (1, 2], 2 above 2.
  const buckets = [
    { le: 1, count: 2 },
    { le: 2, count: 6 },
    { le: Infinity, count: 8 },
  ];
  it('interpolates linearly inside the bucket where the rank falls (values worked by hand)', () => {
    // rank 0.5 × 8 = 4: the second bucket, 2 of its 4 observations in → 1 + (2 − 1) × 2/4.
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(1.5, 12);
    // rank 2: the end of the first bucket, which starts at 0.
    expect(histogramQuantile(0.25, buckets)).toBeCloseTo(1, 12);
    // rank 1: half-way through the first bucket.
    expect(histogramQuantile(0.125, buckets)).toBeCloseTo(0.5, 12);
  });
  it('says the highest finite bound in the +Inf bucket, and null without observations', () => {
    expect(histogramQuantile(0.99, buckets)).toBe(2);
    expect(
      histogramQuantile(0.5, [
        { le: 1, count: 0 },
        { le: Infinity, count: 0 },
      ]),
    ).toBeNull();
  });
});

describe("the engine's metrics summarised for the Health panel", () => {
  it('totals each counter by label, gives latency percentiles per model and the event-loop lag', async () => {
    const { kernel, publish, register: registry } = metricsOnFakeKernel();
    for (const action of ['buy', 'hold', 'hold']) publish({ type: 'DecisionMade', decision: { instrumentId: 'SIM:ALPHA', action } });
    // Four inference round trips of m@1 in the (2.5, 5] ms bucket, one of m@2 in (5, 10] ms.
    for (let i = 0; i < 4; i++) kernel.modelAnalyst.latencyObservers[0]!('m@1', 4);
    kernel.modelAnalyst.latencyObservers[0]!('m@2', 7);
    const reader = metricsReader(registry);
    // Block the event loop for 60 ms, then let the monitor take samples.
    await new Promise((r) => setTimeout(r, 30));
    const blockedUntil = performance.now() + 60;
    while (performance.now() < blockedUntil);
    await new Promise((r) => setTimeout(r, 50));
    const s = await reader.summary(123);
    expect(s.since).toBe(123);
    expect(s.counters.find((c) => c.name === 'quorum_decisions_total')).toMatchObject({
      total: 3,
      byLabel: [
        { label: 'hold', value: 2 },
        { label: 'buy', value: 1 },
      ],
    });
    expect(s.counters.find((c) => c.name === 'quorum_fills_total')).toMatchObject({ total: 0, byLabel: [] });
    const inference = s.latencies.filter((l) => l.name === 'quorum_inference_latency_seconds');
    expect(inference.map((l) => [l.label, l.count])).toEqual([
      ['m@1', 4],
      ['m@2', 1],
    ]);
    // rank 2 of 4 in (2.5, 5] → 2.5 + 2.5 × 2/4; rank 0.5 of 1 in (5, 10] → 7.5.
    expect(inference[0]!.p50Ms).toBeCloseTo(3.75, 9);
    expect(inference[1]!.p50Ms).toBeCloseTo(7.5, 9);
    expect(s.latencies.find((l) => l.name === 'quorum_journal_append_seconds')).toMatchObject({ label: null, count: 0, p50Ms: null });
    // The 60 ms block is the largest delay (less the monitor's 10 ms resolution); most timers ran on time.
    expect(s.eventLoopLagMs!.max).toBeGreaterThanOrEqual(45);
    expect(s.eventLoopLagMs!.p50).toBeLessThan(s.eventLoopLagMs!.max);
    // Counters come only from the engine's own metrics: Node's (and their event-loop histogram) are left to a scrape.
    expect(s.counters.every((c) => c.name.startsWith('quorum_') && !c.name.startsWith('quorum_engine_'))).toBe(true);
  });
});
