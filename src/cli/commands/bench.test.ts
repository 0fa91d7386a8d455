import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.ts';

describe('quorum bench', () => {
  it('bench killswitch --venue ib-paper measures the fake IB Gateway beside the simulated exchange, in the same run', () => {
    const r = runCli(['bench', 'killswitch', '--venue', 'ib-paper', '--iterations', '2', '--orders', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [sim, ib] = JSON.parse(r.stdout);
    expect(sim).toMatchObject({ venue: 'sim', iterations: 2, ordersPerIteration: 3 });
    expect(ib).toMatchObject({ venue: 'ib-paper', iterations: 2, ordersPerIteration: 3 });
    for (const x of [sim, ib]) expect(x.allCanceledP99Ms).toBeGreaterThanOrEqual(x.allCanceledP50Ms);
    // At IB the gateway's own book is empty before the engine hears of the last cancel.
    expect(ib.atBrokerP50Ms).toBeGreaterThan(0);
    expect(ib.atBrokerP50Ms).toBeLessThanOrEqual(ib.allCanceledP50Ms);
  }, 90_000);

  it("bench backtest measures the pipeline and, apart, its own SQLite writing (which must rebuild the run's journal)", () => {
    const r = runCli(['bench', 'backtest', '--instruments', '2', '--bars', '600', '--runs', '1', '--rss-bars', '2000', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.pipeline.barsPerSecond).toBeGreaterThan(0);
    // storageAlone throws unless the rewritten chain ends at the run's head; it wrote the same rows.
    expect(result.storageAlone.journalRows).toBe(result.pipeline.journalRowsPerRun);
    expect(result.storageAlone.barsPerSecond).toBeGreaterThan(0);
    // Hashing the blocks is part of writing them: its floor is above the whole write's rate.
    expect(result.storageAlone.sha256OfTheBlocksAlone.bytesPerRecord).toBeGreaterThan(50);
    expect(result.storageAlone.sha256OfTheBlocksAlone.barsPerSecond).toBeGreaterThan(result.storageAlone.barsPerSecond);
    // The encoder alone, and visiting every value of the same records (a record has its envelope's five at least).
    expect(result.storageAlone.encodingAlone.microsecondsPerRecord).toBeGreaterThan(0);
    expect(result.storageAlone.visitingEachValueAlone.valuesPerRecord).toBeGreaterThan(5);
    expect(result.storageAlone.visitingEachValueAlone.barsPerSecond).toBeGreaterThan(0);
    // The bar's time split by subtraction: the parts add up to the whole.
    const split = result.microsecondsPerBar;
    expect(split.storage + split.refits + split.indicators + split.theRest).toBeCloseTo(split.pipeline, 2);
    expect(result.regimeRefitsAlone.fits).toBeGreaterThan(0);
    expect(result.regimeRefitsAlone.iterationsPerFit).toBeGreaterThan(1);
    expect(result.regimeRefitsAlone.barsPerSecondOneCore).toBeGreaterThan(0);
    expect(result.withDefaultModelBatch.barsPerSecond).toBeGreaterThan(0);
    expect(result.sp500FromCommandLine.wallSeconds).toBeGreaterThan(0);
    // Reported by the backtest's own process as it exited: at least what Node itself takes.
    expect(result.peakRss).toMatchObject({ bars: 2000, targetMegabytes: 400 });
    expect(result.peakRss.megabytes).toBeGreaterThan(30);
  }, 60_000);

  it('bench analysts measures the round trip with both floors of the machine beside it', () => {
    const r = runCli(['bench', 'analysts', '--bars', '2000', '--calls', '200', '--rows', '65536', '--runs', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { technical, roundTrip, batch } = JSON.parse(r.stdout);
    expect(technical.barsPerSecond).toBeGreaterThan(0);
    for (const path of ['overProcessSocket', 'overWorkerPort', 'inProcessNoHop', 'inProcessAfterPause', 'bareSocketEcho']) {
      expect(roundTrip[path].p50Ms, path).toBeGreaterThan(0);
      expect(roundTrip[path].p99Ms, path).toBeGreaterThanOrEqual(roundTrip[path].p50Ms);
    }
    expect(roundTrip.inProcessAfterPause.pauseMs).toBe(5);
    expect(batch.provider).toBe('cpu');
  }, 60_000);

  it('bench latency times a paper session from bar close to decision and to our order accepted, with the round trip and the bare echo beside it', () => {
    const r = runCli(['bench', 'latency', '--bars', '60', '--bar-ms', '50', '--calls', '100', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ bench: 'latency', bars: 60, barIntervalMs: 50, roundTrip: { model: 'quorum-default@1', calls: 100 } });
    // Every decision measured came with the model's vote (through the real inference process).
    expect(result.decisionsWithModel).toBe(result.barToDecision.count);
    expect(result.orders).toBe(result.barToOrderAccepted.count);
    for (const stage of ['barToDecision', 'roundTrip', 'bareSocketEcho']) {
      expect(result[stage].p50Ms, stage).toBeGreaterThan(0);
      expect(result[stage].p99Ms, stage).toBeGreaterThanOrEqual(result[stage].p50Ms);
    }
    // An order is accepted after its bar's decision, and after the venue's own latency.
    if (result.orders > 0) {
      expect(result.barToOrderAccepted.p50Ms).toBeGreaterThan(result.barToDecision.p50Ms);
      expect(result.barToOrderAccepted.p50Ms).toBeGreaterThan(result.submittedToAccepted.p50Ms);
    }
    // The model's run (timed by the inference process) and the rest of each call are parts of it, call by call.
    for (const part of ['modelRun', 'transport']) {
      expect(result.roundTrip[part].count, part).toBe(100);
      expect(result.roundTrip[part].p50Ms, part).toBeGreaterThan(0);
      expect(result.roundTrip[part].p50Ms, part).toBeLessThanOrEqual(result.roundTrip.p50Ms + 0.001);
      expect(result.roundTrip[part].p99Ms, part).toBeLessThanOrEqual(result.roundTrip.p99Ms + 0.001);
    }
    expect(result.transportP99OverEchoP99).toBeLessThanOrEqual(result.roundTripP99OverEchoP99 + 0.01);
    // The ratio is taken before either p99 is rounded to the microsecond (±0.0005 ms each), then rounded itself.
    const [rt, echo] = [result.roundTrip.p99Ms, result.bareSocketEcho.p99Ms];
    expect(result.roundTripP99OverEchoP99).toBeGreaterThanOrEqual((rt - 0.0005) / (echo + 0.0005) - 0.0005);
    expect(result.roundTripP99OverEchoP99).toBeLessThanOrEqual((rt + 0.0005) / (echo - 0.0005) + 0.0005);
  }, 90_000);
});
