import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import { IndicatorSet } from '../../shared/indicators/indicator-set.ts';
import type { EngineCommand } from '../../shared/messages/commands.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import { BacktestConfigSchema, type BacktestConfig } from '../../agents/backtest/backtest-config.ts';
import { prepareBatchModels, runBacktest } from '../../agents/backtest/run-backtest.ts';
import { REGIME_FIT } from '../../agents/analysts/regime/regime-watcher.ts';
import { Store } from '../../agents/store/store.ts';
import type { BlockChainWriter } from '../../agents/store/block-chain.ts';
import { BLOCK_RECORDS, JournalBlocks } from '../../agents/store/journal-blocks.ts';
import { RecordEncoder } from '../../agents/store/record-codec.ts';
import { project } from '../../agents/store/projections.ts';
import { fitGaussianHmm, type HmmParams } from '../../shared/math/gaussian-hmm.ts';
import type { BarSeries } from '../../agents/venues/simulated/load-replay.ts';
import { replayInstrument } from '../../agents/venues/simulated/paper-market.ts';
import { syntheticBars } from './analysts-bench.ts';
import { BarColumns } from '../../shared/market-data/bar-columns.ts';

const SP500 = fileURLToPath(new URL('../../../resources/data/sp500-2000.csv', import.meta.url));
const MODEL = fileURLToPath(new URL('../../../resources/models/quorum-default.onnx', import.meta.url));
const QUORUM = fileURLToPath(new URL('../../../bin/quorum.js', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface BacktestBenchOptions {
  instruments: number;
  bars: number;
  runs: number;
  seed: number;
  /** Bars of the peak-memory run from the command line (0: not measured). */
  rssBars: number;
}

/**
 * The whole backtest pipeline (technical and regime analysts, consensus, optimizer, risk, execution,
 * the bars-only venue, the journal) over synthetic instruments, against the indicator set alone on
 * the same bars; and the bundled 20-year S&P 500 from the command line, wall time.
 */
export async function runBacktestBench(o: BacktestBenchOptions) {
  const instruments = Array.from({ length: o.instruments }, (_, k) => replayInstrument(`BENCH${k}`));
  // The indicators' baseline reads bar objects, as before; the run reads the same bars as columns.
  const objects = instruments.map((instrument, k) => syntheticBars(o.bars, o.seed + k, instrument.id as InstrumentId));
  const series: BarSeries[] = instruments.map((instrument, k) => ({
    name: `bench${k}`,
    instrument,
    bars: BarColumns.fromBars(objects[k]!),
  }));
  const total = o.instruments * o.bars;
  const pipeline: number[] = [];
  const indicators: number[] = [];
  let journalRows = 0;
  for (let r = 0; r < o.runs; r++) {
    let t0 = performance.now();
    for (const bars of objects) {
      const set = new IndicatorSet();
      for (const b of bars) set.update(b);
    }
    indicators.push(total / ((performance.now() - t0) / 1000));
    t0 = performance.now();
    const result = runBacktest({ series, config: BacktestConfigSchema.parse({ seed: o.seed }) });
    pipeline.push(total / ((performance.now() - t0) / 1000));
    journalRows = result.run.journalRows;
  }
  const storage = storageAlone(series, BacktestConfigSchema.parse({ seed: o.seed }), o.runs);
  const refits = regimeRefitsAlone(series);
  const withModel: number[] = [];
  const batchOnly: number[] = [];
  for (let r = 0; r < o.runs; r++) {
    const config = BacktestConfigSchema.parse({ seed: o.seed, models: [{ file: MODEL }] });
    const t0 = performance.now();
    const batchModels = await prepareBatchModels({ series, config });
    batchOnly.push(total / ((performance.now() - t0) / 1000));
    runBacktest({ series, config, batchModels });
    withModel.push(total / ((performance.now() - t0) / 1000));
  }
  const cli: number[] = [];
  for (let r = 0; r < o.runs; r++) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [QUORUM, 'backtest', '--input', SP500, '--json'], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`quorum backtest failed: ${run.stderr}`);
    cli.push((performance.now() - t0) / 1000);
  }
  const barsPerSecond = median(pipeline);
  // Where a bar's time goes, by subtraction of the parts measured alone: what is left is the agents'
  // own work and the kernel's (the bus, consensus, optimizer, risk, execution, the venue), which the
  // pipeline would still cost with its writing and its refits free.
  const us = (rate: number) => Number((1e6 / rate).toFixed(3));
  const indicatorsUs = us(median(indicators));
  const rest = us(barsPerSecond) - us(storage.barsPerSecond) - us(refits.barsPerSecondOneCore) - indicatorsUs;
  return {
    instruments: o.instruments,
    barsPerInstrument: o.bars,
    runs: o.runs,
    pipeline: { barsPerSecond, journalRowsPerRun: journalRows, target: 500_000, met: barsPerSecond >= 500_000 },
    baselineIndicatorsOnly: { barsPerSecond: median(indicators) },
    pipelineOverIndicators: Number((barsPerSecond / median(indicators)).toFixed(4)),
    microsecondsPerBar: {
      pipeline: us(barsPerSecond),
      storage: us(storage.barsPerSecond),
      refits: us(refits.barsPerSecondOneCore),
      indicators: indicatorsUs,
      theRest: Number(rest.toFixed(3)),
      /** The pipeline's ratio were its writing and its refits free: the rest and the indicators alone. */
      withoutStorageAndRefitsOverIndicators: Number((indicatorsUs / (rest + indicatorsUs)).toFixed(4)),
    },
    storageAlone: storage,
    regimeRefitsAlone: refits,
    withDefaultModelBatch: {
      barsPerSecond: median(withModel),
      featuresAndBatchInferenceBarsPerSecond: median(batchOnly),
      target: 200_000,
      met: median(withModel) >= 200_000,
    },
    sp500FromCommandLine: { wallSeconds: Number(median(cli).toFixed(3)), target: 2, met: median(cli) < 2 },
    ...(o.rssBars ? { peakRss: peakRssOfBacktest(o.rssBars, o.seed) } : {}),
  };
}

/**
 * The peak resident memory of `quorum backtest --json` over one instrument of `bars` one-minute bars
 * (a seeded random walk of 0.1 % moves, written as a CSV first), in a process of its own, which
 * reports its `maxRSS` as it exits: run as a trader runs it, through `bin/quorum.js`, whose batch
 * settings it therefore has.
 */
function peakRssOfBacktest(bars: number, seed: number) {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-bench-rss-'));
  try {
    const file = join(dir, 'minutes.csv');
    const fd = openSync(file, 'w');
    writeSync(fd, 'time,open,high,low,close,volume\n');
    const all = syntheticBars(bars, seed, 'RSS', 0.001);
    for (let i = 0; i < all.length; i += 10_000)
      writeSync(
        fd,
        all
          .slice(i, i + 10_000)
          .map((b) => `${b.ts},${b.open},${b.high},${b.low},${b.close},${b.volume}\n`)
          .join(''),
      );
    closeSync(fd);
    const report = `process.on('exit', () => process.stderr.write('\\nmax-rss-kb ' + process.resourceUsage().maxRSS + '\\n'))`;
    const t0 = performance.now();
    const run = spawnSync(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(report)}`, QUORUM, 'backtest', '--input', file, '--json'],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      },
    );
    const wallSeconds = (performance.now() - t0) / 1000;
    // The launcher runs the command in a process of its own (bin/quorum.js): both report; the larger is the backtest's.
    const kb = [...run.stderr.matchAll(/max-rss-kb (\d+)/g)].map((m) => Number(m[1]));
    if (run.status !== 0 || !kb.length) throw new Error(`quorum backtest of ${bars} bars failed: ${run.stderr}`);
    const megabytes = Math.round(Math.max(...kb) / 1024);
    return { bars, megabytes, wallSeconds: Number(wallSeconds.toFixed(1)), targetMegabytes: 400, met: megabytes <= 400 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The ceiling storage sets: what one pipeline run writes to SQLite (its journal, in chained blocks;
 * the projections its events drive and its bars only at the end, and only into a database that is
 * kept, which the bench's runs are not) written again into an empty store with no agent running,
 * committed as often as the run commits. The blocks it builds must end at the run's own head, so
 * this is exactly the run's writing and nothing else. Beside it, the same records as a journal of
 * one canonical-JSON row each with a row per bar (as before issue 19, and as a paper session still
 * records), the block journal alone (the run's writing without the store around it),
 * and the projections with the bars' rows alone (what a kept database adds at the run's end).
 */
function storageAlone(series: BarSeries[], config: BacktestConfig, runs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-bench-journal-'));
  try {
    const file = join(dir, 'run.sqlite');
    const { run } = runBacktest({ series, config, databaseFile: file, scratch: true });
    const source = Store.open(file);
    const stored = JournalBlocks.read(source.db)!;
    const messages = [...stored.records()].map((r) => r.record as EngineEvent | EngineCommand);
    const blockBytes = [...stored.all()].map((b) => b.bytes);
    source.close();
    // In the order the run saw them: a step's bars, then the next step's.
    const bars = series.flatMap((s) => s.bars.toArray()).sort((a, b) => a.ts - b.ts);
    // As many commits as the run made (one per 1,000 steps), each with its share of records and bars.
    const commits = Math.ceil(new Set(bars.map((b) => b.ts)).size / 1_000);
    const share = <T>(xs: readonly T[], i: number) =>
      xs.slice(Math.floor((i * xs.length) / commits), Math.floor(((i + 1) * xs.length) / commits));
    /** Bars per second of writing the run share by share, each share in one transaction. */
    const timed = (write: (store: Store, i: number) => void, check?: () => void) => {
      const rates: number[] = [];
      for (let r = 0; r < runs; r++) {
        const store = Store.open(':memory:');
        store.setStartingCash(config.startingCash);
        const t0 = performance.now();
        for (let i = 0; i < commits; i++) store.transaction(() => write(store, i));
        rates.push(bars.length / ((performance.now() - t0) / 1000));
        check?.();
        store.close();
      }
      return median(rates);
    };
    let blocks: BlockChainWriter | null = null;
    const asTheRun = timed(
      (store, i) => {
        if (i === 0) blocks = store.useBlockJournal();
        store.record(...share(messages, i));
        if (i === commits - 1) blocks!.flush();
      },
      () => {
        if (blocks!.headHash !== run.journalHead) throw new Error("the journal written again does not end at the run's head");
      },
    );
    const rowJournal = timed((store, i) => {
      for (const bar of share(bars, i)) store.bars.save(bar);
      store.record(...share(messages, i));
    });
    const blocksAlone = timed((store, i) => {
      if (i === 0) blocks = JournalBlocks.create(store.db).writer();
      for (const m of share(messages, i)) blocks!.append(m);
      if (i === commits - 1) blocks!.flush();
    });
    let seq = 0;
    const rest = timed((store, i) => {
      if (i === 0) seq = 0;
      for (const bar of share(bars, i)) store.bars.save(bar);
      for (const m of share(messages, i)) project(store.db, m, ++seq);
    });
    // The chain's own floor: SHA-256 over the run's block bytes and nothing else (the same bytes the
    // blocks' hashes cover), however fast the records were encoded into them.
    const hashRates: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      for (const bytes of blockBytes) createHash('sha256').update(bytes).digest();
      hashRates.push(bars.length / ((performance.now() - t0) / 1000));
    }
    // The encoder alone (no hash, no SQLite), and under it the floor of any encoder that reads each
    // record's own keys: visiting every value of every record once and writing nothing.
    const encodeRates: number[] = [];
    const visitRates: number[] = [];
    let values = 0;
    for (let r = 0; r < runs; r++) {
      const encoder = new RecordEncoder();
      let t0 = performance.now();
      for (let i = 0; i < messages.length; i++) {
        encoder.encode(messages[i]!);
        if ((i + 1) % BLOCK_RECORDS === 0) encoder.take();
      }
      encoder.take();
      encodeRates.push(bars.length / ((performance.now() - t0) / 1000));
      t0 = performance.now();
      values = 0;
      for (const m of messages) values += visitValues(m);
      visitRates.push(bars.length / ((performance.now() - t0) / 1000));
    }
    return {
      barsPerSecond: asTheRun,
      journalRows: messages.length,
      sha256OfTheBlocksAlone: {
        barsPerSecond: median(hashRates),
        bytesPerRecord: Math.round(blockBytes.reduce((a, b) => a + b.length, 0) / messages.length),
      },
      encodingAlone: {
        barsPerSecond: median(encodeRates),
        microsecondsPerRecord: Number(((bars.length / median(encodeRates) / messages.length) * 1e6).toFixed(3)),
      },
      visitingEachValueAlone: {
        barsPerSecond: median(visitRates),
        valuesPerRecord: Number((values / messages.length).toFixed(1)),
        // Visiting and hashing, with writing, inserting and the store around them free: what an
        // encoder that reads each record's own keys could reach at best.
        withSha256BarsPerSecond: 1 / (1 / median(visitRates) + 1 / median(hashRates)),
      },
      rowJournalBarsPerSecond: rowJournal,
      journalInBlocksAlone: {
        barsPerSecond: blocksAlone,
        recordsPerBlock: BLOCK_RECORDS,
        blocks: Math.ceil(messages.length / BLOCK_RECORDS),
      },
      projectionsAndBarsAlone: { barsPerSecond: rest },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Visits every value in a record (objects by their own keys, as an encoder that is not told the
 * record's schema must) and counts them; what it sums is returned so the work is not optimised away.
 */
function visitValues(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 1;
  let n = 1;
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) n += visitValues(v[i]);
  else for (const k in v) n += visitValues((v as Record<string, unknown>)[k]);
  return n;
}

/**
 * The other ceiling: the regime watcher's Baum–Welch refits alone, as it fits them (its window, its
 * iteration cap and tolerance, once per `refitEvery` bars of each instrument, each refit warm-started
 * from the instrument's previous one), timed over every window of the bench's own returns, one core.
 * Bars per second = refitEvery / seconds per fit.
 */
function regimeRefitsAlone(series: BarSeries[]) {
  let iterations = 0;
  let fits = 0;
  let seconds = 0;
  for (const s of series) {
    const close = s.bars.close;
    const returns = Array.from({ length: close.length - 1 }, (_, i) => Math.log(close[i + 1]! / close[i]!));
    let start: HmmParams | undefined;
    for (let end = REGIME_FIT.trainWindow; end <= returns.length; end += REGIME_FIT.refitEvery) {
      const window = returns.slice(end - REGIME_FIT.trainWindow, end);
      const t0 = performance.now();
      const fitted = fitGaussianHmm(window, REGIME_FIT.states, { ...REGIME_FIT, start });
      seconds += (performance.now() - t0) / 1000;
      iterations += fitted.iterations;
      fits++;
      start = fitted;
    }
  }
  const secondsPerFit = seconds / fits;
  return {
    fits,
    refitEvery: REGIME_FIT.refitEvery,
    msPerFit: Number((secondsPerFit * 1000).toFixed(3)),
    iterationsPerFit: Number((iterations / fits).toFixed(1)),
    barsPerSecondOneCore: REGIME_FIT.refitEvery / secondsPerFit,
  };
}
