import { runBookBench } from '../bench/book-bench.ts';
import { runKillSwitchBench } from '../bench/kill-switch-bench.ts';
import { runAnalystsBench } from '../bench/analysts-bench.ts';
import { runBacktestBench } from '../bench/backtest-bench.ts';
import { runTraceBench } from '../bench/trace-bench.ts';
import { runLatencyBench } from '../bench/latency-bench.ts';
import { runSweepBench } from '../bench/sweep-bench.ts';
import { CliError } from '../cli-error.ts';
import { intOption, parseOptions } from '../cli-options.ts';

/** `quorum bench <name>`: measurements against a baseline in the same run, printed as JSON or text. */
export async function runBench(args: string[]): Promise<void> {
  const [name, ...rest] = args;
  if (name === 'killswitch') return benchKillSwitch(rest);
  if (name === 'analysts') return benchAnalysts(rest);
  if (name === 'backtest') return benchBacktest(rest);
  if (name === 'trace') return benchTrace(rest);
  if (name === 'latency') return benchLatency(rest);
  if (name === 'sweep') return benchSweep(rest);
  if (name !== 'book')
    throw new CliError(
      'usage: quorum bench book [--ops N] [--seed N] [--runs N] [--json] | quorum bench killswitch [--iterations N] [--orders N] [--venue sim|ib-paper] [--json] | quorum bench analysts [--bars N] [--calls N] [--rows N] [--runs N] [--json] | quorum bench backtest [--instruments N] [--bars N] [--runs N] [--rss-bars N] [--json] | quorum bench trace [--rows N] [--orders N] [--samples N] [--json] | quorum bench latency [--bars N] [--bar-ms N] [--calls N] [--json] | quorum bench sweep [--runs N] [--json]',
    );
  const { values } = parseOptions(rest, {
    ops: { type: 'string' },
    seed: { type: 'string' },
    runs: { type: 'string' },
    json: { type: 'boolean' },
  });
  const result = runBookBench(
    intOption(values.ops, 'ops', 1_000_000, 1_000, 100_000_000),
    intOption(values.seed, 'seed', 1, 0, 2 ** 31 - 1),
    intOption(values.runs, 'runs', 5, 1, 100),
  );
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const m = (n: number) => `${(n / 1e6).toFixed(2)} M ops/s`;
  console.log(`order book, ${result.ops.toLocaleString('en-US')} operations (seed ${result.seed}), median of ${result.runs} runs`);
  if (result.native) {
    console.log(
      `  native batch      ${m(result.native.batchOpsPerSec)} (cold ${m(result.native.batchColdOpsPerSec)})   single op p50 ${result.native.singleP50Ns} ns, p99 ${result.native.singleP99Ns} ns`,
    );
  } else console.log(`  native            unavailable: ${result.nativeUnavailable}`);
  console.log(
    `  TypeScript batch  ${m(result.ts.batchOpsPerSec)} (cold ${m(result.ts.batchColdOpsPerSec)})   single op p50 ${result.ts.singleP50Ns} ns, p99 ${result.ts.singleP99Ns} ns`,
  );
  if (result.nativeOverTs !== null) console.log(`  native / TypeScript: ${result.nativeOverTs}×   same trades: ${result.sameTrades}`);
  console.log(`  batch figures: result buffers reused across batches (cold: fresh arrays per batch)`);
  console.log(`  (latencies include ~${result.timerOverheadNs} ns of timer overhead)`);
}

async function benchKillSwitch(args: string[]): Promise<void> {
  const { values } = parseOptions(args, {
    iterations: { type: 'string' },
    orders: { type: 'string' },
    venue: { type: 'string' },
    json: { type: 'boolean' },
  });
  const venue = values.venue ?? 'sim';
  if (venue !== 'sim' && venue !== 'ib-paper') throw new CliError(`--venue must be sim or ib-paper (the fake IB Gateway), not "${venue}"`);
  const iterations = intOption(values.iterations, 'iterations', 50, 1, 10_000);
  const orders = intOption(values.orders, 'orders', 10, 1, 1_000);
  // IB is measured beside the simulated venue, in the same run.
  const results = [];
  for (const v of venue === 'sim' ? (['sim'] as const) : (['sim', 'ib-paper'] as const)) {
    results.push(
      await runKillSwitchBench(
        iterations,
        orders,
        (i) => {
          if (!values.json) process.stderr.write(`\r  ${v}: ${i}/${iterations}`);
        },
        v,
      ),
    );
  }
  if (values.json) return console.log(JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
  console.log(`\nkill switch, ${iterations} presses with ${orders} resting orders each (live engine under the serve host)`);
  for (const r of results) {
    const where = r.venue === 'sim' ? 'simulated exchange' : 'IB paper (fake gateway, TWS protocol on 127.0.0.1)';
    console.log(`  ${where}`);
    console.log(`    acknowledged        p50 ${r.ackP50Ms} ms, p99 ${r.ackP99Ms} ms`);
    if (r.atBrokerP50Ms !== undefined)
      console.log(`    none working at IB  p50 ${r.atBrokerP50Ms} ms, p99 ${r.atBrokerP99Ms} ms (the gateway's own book)`);
    console.log(
      `    all orders canceled p50 ${r.allCanceledP50Ms} ms, p99 ${r.allCanceledP99Ms} ms (max ${r.allCanceledMaxMs} ms; target p99 ≤ ${r.targetP99Ms} ms: ${r.met ? 'met' : 'NOT met'})`,
    );
  }
}

async function benchSweep(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { runs: { type: 'string' }, json: { type: 'boolean' } });
  const r = await runSweepBench(intOption(values.runs, 'runs', 3, 1, 20), (what) => process.stderr.write(`\r\x1b[K  ${what}`));
  process.stderr.write('\r\x1b[K');
  if (values.json) return console.log(JSON.stringify(r, null, 2));
  const s = (x: { seconds: number }) => `${x.seconds.toFixed(2)} s`;
  console.log(`sweep, ${r.points} grid points on ${r.data}, median of the runs`);
  console.log(`  1 local worker   ${s(r.oneLocalWorker)}`);
  console.log(`  2 local workers  ${s(r.twoLocalWorkers)}: ${r.twoOverOne}× (target ≥ ${r.target}×: ${r.met ? 'met' : 'NOT met'})`);
  const q = r.twoWorkersThroughRedis;
  console.log(
    'unavailable' in q
      ? `  through Redis    unavailable: ${q.unavailable}`
      : `  2 workers through Redis  ${s(q)}: ${q.overOneLocal}× one local worker`,
  );
  console.log(`  the same figures every way: ${r.sameFigures}`);
  const m = r.machine;
  console.log(
    `  this machine: two warm threads run ${m.backtestTwoOverOne}× the backtests of one (an arithmetic loop: ${m.arithmeticTwoOverOne}×), the sweep's ceiling`,
  );
}

async function benchAnalysts(args: string[]): Promise<void> {
  const { values } = parseOptions(args, {
    bars: { type: 'string' },
    calls: { type: 'string' },
    rows: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  });
  const r = await runAnalystsBench({
    bars: intOption(values.bars, 'bars', 1_000_000, 1_000, 100_000_000),
    calls: intOption(values.calls, 'calls', 5_000, 100, 1_000_000),
    rows: intOption(values.rows, 'rows', 1_048_576, 65_536, 100_000_000),
    runs: intOption(values.runs, 'runs', 3, 1, 100),
    seed: intOption(values.seed, 'seed', 1, 0, 2 ** 31 - 1),
  });
  if (values.json) {
    console.log(JSON.stringify(r, null, 2));
    return;
  }
  const k = (n: number) => `${(n / 1e6).toFixed(2)} M`;
  console.log(
    `technical analyst: ${k(r.technical.barsPerSecond)} bars/s (indicators alone ${k(r.technical.indicatorsOnlyBarsPerSecond)}; target 1 M)`,
  );
  const t = r.roundTrip;
  const ms = (x: { p50Ms: number; p99Ms: number }) => `p50 ${x.p50Ms.toFixed(3)} / p99 ${x.p99Ms.toFixed(3)} ms`;
  console.log(`round trip, default model, 1 row, engine ⇄ inference process: ${ms(t.overProcessSocket)} (target p99 1 ms)`);
  console.log(`  over a worker port ${ms(t.overWorkerPort)}; in process ${ms(t.inProcessNoHop)}`);
  console.log(
    `  floors on this machine: a bare echo between processes ${ms(t.bareSocketEcho)}; the in-process call after a 5 ms pause ${ms(t.inProcessAfterPause)}`,
  );
  console.log(`batch inference on ${r.batch.provider}: ${k(r.batch.rowsPerSecond)} rows/s (target 0.25 M)`);
}

async function benchBacktest(args: string[]): Promise<void> {
  const { values } = parseOptions(args, {
    instruments: { type: 'string' },
    bars: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    'rss-bars': { type: 'string' },
    json: { type: 'boolean' },
  });
  const r = await runBacktestBench({
    instruments: intOption(values.instruments, 'instruments', 10, 1, 100),
    bars: intOption(values.bars, 'bars', 10_000, 500, 10_000_000),
    runs: intOption(values.runs, 'runs', 3, 1, 100),
    seed: intOption(values.seed, 'seed', 1, 0, 2 ** 31 - 1),
    rssBars: intOption(values['rss-bars'], 'rss-bars', 1_000_000, 0, 50_000_000),
  });
  if (values.json) return console.log(JSON.stringify(r, null, 2));
  const k = (n: number) => `${(n / 1e3).toFixed(1)} k`;
  console.log(
    `backtest pipeline, ${r.instruments} instruments × ${r.barsPerInstrument.toLocaleString('en-US')} bars, median of ${r.runs} runs`,
  );
  console.log(
    `  whole pipeline   ${k(r.pipeline.barsPerSecond)} bars/s (indicators alone ${k(r.baselineIndicatorsOnly.barsPerSecond)}; target 500 k: ${r.pipeline.met ? 'met' : 'NOT met'})`,
  );
  const st = r.storageAlone;
  console.log(
    `  its SQLite writing alone (${st.journalRows.toLocaleString('en-US')} journal records in blocks, projections and bars; no agent running) ${k(st.barsPerSecond)} bars/s: the pipeline's ceiling`,
  );
  console.log(
    `    the same records as one journal row each (before issue 19) ${k(st.rowJournalBarsPerSecond)}; the blocks alone ${k(st.journalInBlocksAlone.barsPerSecond)}, the projections and bars alone ${k(st.projectionsAndBarsAlone.barsPerSecond)}`,
  );
  console.log(
    `    encoding the records alone ${k(st.encodingAlone.barsPerSecond)} (${st.encodingAlone.microsecondsPerRecord} µs a record); visiting each of their ${st.visitingEachValueAlone.valuesPerRecord} values a record and writing nothing ${k(st.visitingEachValueAlone.barsPerSecond)}; SHA-256 of the blocks alone ${k(st.sha256OfTheBlocksAlone.barsPerSecond)}`,
  );
  const ceiling = st.visitingEachValueAlone.withSha256BarsPerSecond;
  console.log(
    `    visiting and hashing together ${k(ceiling)}, ${(ceiling / r.baselineIndicatorsOnly.barsPerSecond).toFixed(3)} × the indicators: the best an encoder that reads each record's own keys could do (target 0.25)`,
  );
  const split = r.microsecondsPerBar;
  console.log(
    `  a bar's ${split.pipeline} µs: writing ${split.storage}, refits ${split.refits}, indicators ${split.indicators}, the rest (agents and kernel) ${split.theRest}; without the writing and the refits the pipeline would be ${split.withoutStorageAndRefitsOverIndicators} × the indicators (target 0.10)`,
  );
  const refits = r.regimeRefitsAlone;
  console.log(
    `  the regime model's refits alone (${refits.msPerFit} ms a fit, ${refits.iterationsPerFit} Baum–Welch iterations, one per ${refits.refitEvery} bars of an instrument) ${k(refits.barsPerSecondOneCore)} bars/s on one core`,
  );
  console.log(
    `  with the default model in batch mode ${k(r.withDefaultModelBatch.barsPerSecond)} bars/s (features + batch inference alone ${k(r.withDefaultModelBatch.featuresAndBatchInferenceBarsPerSecond)}; target 200 k: ${r.withDefaultModelBatch.met ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  20-year S&P 500 from the command line: ${r.sp500FromCommandLine.wallSeconds} s wall (target < 2 s: ${r.sp500FromCommandLine.met ? 'met' : 'NOT met'})`,
  );
  if (r.peakRss)
    console.log(
      `  peak memory of quorum backtest over ${r.peakRss.bars.toLocaleString('en-US')} one-minute bars: ${r.peakRss.megabytes} MB RSS in ${r.peakRss.wallSeconds} s (target ≤ 400 MB: ${r.peakRss.met ? 'met' : 'NOT met'})`,
    );
}

function benchTrace(args: string[]): void {
  const { values } = parseOptions(args, {
    rows: { type: 'string' },
    orders: { type: 'string' },
    samples: { type: 'string' },
    json: { type: 'boolean' },
  });
  const r = runTraceBench(
    intOption(values.rows, 'rows', 1_000_000, 1_000, 50_000_000),
    intOption(values.orders, 'orders', 20_000, 10, 1_000_000),
    intOption(values.samples, 'samples', 500, 5, 100_000),
  );
  if (values.json) {
    console.log(JSON.stringify(r, null, 2));
    return;
  }
  console.log(`decision card on a ${r.journalRows.toLocaleString('en-US')}-row journal (${r.orders} orders; built in ${r.buildSeconds} s)`);
  console.log(
    `  indexed   p50 ${r.indexed.p50Ms} ms, p99 ${r.indexed.p99Ms} ms over ${r.indexed.samples} orders (target p99 ≤ ${r.targetP99Ms} ms: ${r.met ? 'met' : 'NOT met'})`,
  );
  console.log(`  scan (before the index)  p50 ${r.scanBaseline.p50Ms} ms over ${r.scanBaseline.samples}: ${r.scanOverIndexedP50}× slower`);
}

async function benchLatency(args: string[]): Promise<void> {
  const { values } = parseOptions(args, {
    bars: { type: 'string' },
    'bar-ms': { type: 'string' },
    calls: { type: 'string' },
    json: { type: 'boolean' },
  });
  const bars = intOption(values.bars, 'bars', 1_000, 10, 1_000_000);
  const barIntervalMs = intOption(values['bar-ms'], 'bar-ms', 100, 10, 60_000);
  const r = await runLatencyBench(
    { bars, barIntervalMs, calls: intOption(values.calls, 'calls', 2_000, 10, 1_000_000), timeoutMs: 120_000 + bars * barIntervalMs },
    (n) => {
      if (!values.json && n % 50 === 0) process.stderr.write(`\r  ${n}/${bars} bars`);
    },
  );
  if (values.json) return console.log(JSON.stringify(r, null, 2));
  const ms = (x: { p50Ms: number | null; p99Ms: number | null }) => `p50 ${x.p50Ms} ms, p99 ${x.p99Ms} ms`;
  console.log(`\npaper session, default model voting through the inference process, ${r.bars} bars of ${r.barIntervalMs} ms`);
  console.log(`  bar close → decision         ${ms(r.barToDecision)}`);
  console.log(`  bar close → order submitted  ${ms(r.barToOrderSubmitted)}`);
  console.log(`  bar close → order accepted   ${ms(r.barToOrderAccepted)} (${r.orders} orders)`);
  console.log(`    of which the venue          ${ms(r.submittedToAccepted)} (the simulated exchange's own latency)`);
  console.log(`  engine ⇄ inference, 1 row    ${ms(r.roundTrip)}`);
  console.log(`  bare socket echo (floor)     ${ms(r.bareSocketEcho)}`);
  console.log(`  round trip p99 / echo p99    ${r.roundTripP99OverEchoP99} (target ≤ 2: ${r.roundTripMet ? 'met' : 'not met'})`);
}
