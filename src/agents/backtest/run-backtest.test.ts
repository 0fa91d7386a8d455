import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import { BarColumns } from '../../shared/market-data/bar-columns.ts';
import { Store } from '../store/store.ts';
import { JournalBlocks } from '../store/journal-blocks.ts';
import { loadBarSeries, type BarSeries } from '../venues/simulated/load-replay.ts';
import { BacktestConfigSchema } from './backtest-config.ts';
import { IN_MEMORY_JOURNAL_BARS, runBacktest, withThrowawayJournal } from './run-backtest.ts';

const dir = mkdtempSync(join(tmpdir(), 'quorum-backtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const loaded = loadBarSeries(new URL('../../../resources/data/sp500-2000.csv', import.meta.url).pathname);
if (!loaded.ok) throw new Error(loaded.error);
const SPX = loaded.value;
const SPX_BARS = SPX.bars.toArray();
const config = BacktestConfigSchema.parse({});
const FROM = Date.UTC(2002, 0, 1);
const TO = Date.UTC(2009, 11, 31);

/** A second instrument: the index's daily moves reversed, on the same dates. */
function mirrored(series: BarSeries): BarSeries {
  const id = 'REPLAY:MIRROR' as InstrumentId;
  let level = 100;
  const source = series.bars.toArray();
  const bars = source.map((b, i) => {
    const prev = source[i - 1];
    const open = level;
    if (prev) level *= prev.close / b.close;
    return { ...b, instrumentId: id, open, high: Math.max(open, level), low: Math.min(open, level), close: level };
  });
  return { name: 'mirror.csv', instrument: { ...series.instrument, id, symbol: 'MIRROR' }, bars: BarColumns.fromBars(bars) };
}

describe('runBacktest', () => {
  it('gives a byte-identical journal for the same inputs and seed', () => {
    const files = [join(dir, 'a.sqlite'), join(dir, 'b.sqlite')];
    const results = files.map((databaseFile) => runBacktest({ series: [SPX], config, fromMs: FROM, toMs: TO, databaseFile }));
    expect(results[1]!.run.journalHead).toBe(results[0]!.run.journalHead);
    // Kept in chained blocks (issue 19), not one row per event; the blocks are byte for byte the same.
    const [a, b] = files.map((f) => {
      const store = Store.open(f);
      expect(store.journal.headSeq).toBe(0);
      const blocks = [...JournalBlocks.read(store.db)!.all()];
      store.close();
      return blocks;
    });
    expect(a!.reduce((n, block) => n + block.count, 0)).toBe(results[0]!.run.journalRows);
    expect(a!.at(-1)!.hash).toBe(results[0]!.run.journalHead);
    expect(b).toEqual(a);
    // The kept database has the period's bars, written once at the end: the run held them in its feed.
    const store = Store.open(files[0]!);
    const period = SPX.bars.between(FROM, TO);
    expect(store.bars.latest(SPX.instrument.id, 100_000)).toEqual(period.toArray());
    store.close();
    const other = runBacktest({ series: [SPX], config: { ...config, seed: 7 }, fromMs: FROM, toMs: TO });
    expect(other.run.journalHead).not.toBe(results[0]!.run.journalHead);
  });

  it('runs the whole decision chain: every fill traces back to a decision and its votes', () => {
    const file = join(dir, 'chain.sqlite');
    const r = runBacktest({ series: [SPX], config, fromMs: FROM, toMs: TO, databaseFile: file });
    expect(r.fills.length).toBeGreaterThan(0);
    const store = Store.open(file);
    const rows = [...JournalBlocks.read(store.db)!.records()].map((x) => x.record);
    store.close();
    const decisions = new Set(rows.filter((x) => x.type === 'DecisionMade').map((x) => x.decisionId ?? null));
    for (const type of ['DecisionMade', 'TargetsSet', 'SubmitOrder', 'OrderApproved', 'OrderFilled', 'RiskLimitsChanged'])
      expect(
        rows.some((x) => x.type === type),
        type,
      ).toBe(true);
    for (const f of r.fills) expect(decisions.has(f.decisionId)).toBe(true);
    expect(r.run.decisions).toBe(decisions.size);
    // A backtest journals each signal once, whole, inside the decision it voted in: none is lost.
    expect(rows.some((x) => x.type === 'SignalEmitted')).toBe(false);
    const votes = rows.filter((x) => x.type === 'DecisionMade').flatMap((x) => (x as EventOf<'DecisionMade'>).decision.votes);
    expect(r.run.signals).toBeGreaterThan(1_000);
    expect(votes.length).toBe(r.run.signals);
    expect(votes.every((v) => v.signal !== null && v.signal.rationale.summary.length > 0 && Number.isFinite(v.signal.direction))).toBe(
      true,
    );
  });

  it('compares against buy-and-hold computed straight from the prices', () => {
    const r = runBacktest({ series: [SPX], config, fromMs: FROM, toMs: TO });
    const bars = SPX_BARS.filter((b) => b.ts >= FROM && b.ts <= TO);
    expect(r.benchmark.totalReturn).toBeCloseTo(bars.at(-1)!.close / bars[0]!.close - 1, 12);
    let peak = 0;
    let maxDrawdown = 0;
    for (const b of bars) {
      peak = Math.max(peak, b.close);
      maxDrawdown = Math.max(maxDrawdown, 1 - b.close / peak);
    }
    expect(r.benchmark.maxDrawdown).toBeCloseTo(maxDrawdown, 12);
    // N bars are N − 1 returns: annualised over those (issue 19's decision 4; it had been N).
    expect(r.benchmark.cagr).toBeCloseTo((bars.at(-1)!.close / bars[0]!.close) ** (252 / (bars.length - 1)) - 1, 12);
    expect(r.run.periods).toBe(bars.length - 1);
  });

  it('scores N bars as N − 1 returns, as empyrical and quantstats do: figures computed apart from this code', () => {
    const closes = [100, 102, 99, 105, 103, 108];
    const bars = closes.map((close, i) => ({ ...SPX_BARS[i]!, open: close, high: close, low: close, close }));
    const six = { ...SPX, bars: BarColumns.fromBars(bars) };
    const r = runBacktest({ series: [six], config });
    // Computed with Python's statistics module from the closes alone (sample standard deviation,
    // 5 returns, 252 a year): r = c[i]/c[i-1] − 1; CAGR = (108/100)^(252/5) − 1; volatility =
    // stdev(r)·√252; Sharpe = mean(r)/stdev(r)·√252; Sortino = mean(r)/√(Σmin(r,0)²/5)·√252.
    expect(r.run.periods).toBe(5);
    expect(r.benchmark.cagr).toBeCloseTo(47.3679049677966, 9);
    expect(r.benchmark.volatility).toBeCloseTo(0.6327570178877685, 12);
    expect(r.benchmark.sharpe).toBeCloseTo(6.427102884914783, 9);
    expect(r.benchmark.sortino).toBeCloseTo(16.34789634449602, 9);
    expect(r.benchmark.maxDrawdown).toBeCloseTo(0.02941176470588236, 12);
    expect(r.benchmark.calmar).toBeCloseTo(1610.508768905084, 6);
  });

  it('buys a file that starts later when it starts: its share of the benchmark is cash until then', () => {
    const lateStart = Date.UTC(2006, 0, 1);
    const late = { ...SPX, name: 'late.csv', instrument: { ...SPX.instrument, id: 'REPLAY:LATE' as InstrumentId } };
    late.bars = BarColumns.fromBars(SPX_BARS.filter((b) => b.ts >= lateStart).map((b) => ({ ...b, instrumentId: late.instrument.id })));
    const r = runBacktest({ series: [SPX, late], config, fromMs: FROM, toMs: TO });
    const spx = SPX_BARS.filter((b) => b.ts >= FROM && b.ts <= TO);
    const lat = spx.filter((b) => b.ts >= lateStart);
    const growth = 0.5 * (spx.at(-1)!.close / spx[0]!.close) + 0.5 * (lat.at(-1)!.close / lat[0]!.close);
    expect(r.benchmark.totalReturn).toBeCloseTo(growth - 1, 12);
    // Half invested for 2002–2005, then all of it: exposure is in between, not 1.
    expect(r.benchmark.exposure).toBeGreaterThan(0.6);
    expect(r.benchmark.exposure).toBeLessThan(0.85);
  });

  it('trades several instruments, with an equal-weight benchmark', () => {
    const mirror = mirrored(SPX);
    const r = runBacktest({
      series: [SPX, mirror],
      config: { ...config, optimizer: { ...config.optimizer, method: 'risk-parity' } },
      fromMs: FROM,
      toMs: TO,
    });
    expect(new Set(r.fills.map((f) => f.instrumentId))).toEqual(new Set([SPX.instrument.id, mirror.instrument.id]));
    // Every fill traces back to a decision on its own instrument (the book is optimised for both).
    for (const f of r.fills) expect(f.decisionId).toContain(`:${f.instrumentId}:`);
    const spx = SPX_BARS.filter((b) => b.ts >= FROM && b.ts <= TO);
    const mir = mirror.bars.toArray().filter((b) => b.ts >= FROM && b.ts <= TO);
    const expected = 0.5 * (spx.at(-1)!.close / spx[0]!.close) + 0.5 * (mir.at(-1)!.close / mir[0]!.close) - 1;
    expect(r.benchmark.totalReturn).toBeCloseTo(expected, 12);
  });

  it('trades on after a market closure: several instruments reopening together are not stale (September 2001)', () => {
    // The market was shut from 11 to 14 September 2001: a week between two daily bars, more than the
    // five bars after which a backtest's price is stale. Judged before the second instrument's bar
    // of the reopening step had arrived, its open position looked stale, and the run was restricted
    // to reducing orders for good (the S&P 500 with a copy of itself traded 6 times in 20 years).
    const copy = { ...SPX, name: 'copy.csv', instrument: { ...SPX.instrument, id: 'REPLAY:COPY' as InstrumentId } };
    copy.bars = BarColumns.fromBars(SPX_BARS.map((b) => ({ ...b, instrumentId: copy.instrument.id })));
    const r = runBacktest({ series: [SPX, copy], config, fromMs: Date.UTC(2001, 0, 1), toMs: Date.UTC(2002, 11, 31) });
    const reopened = Date.UTC(2001, 8, 17);
    const held = (id: string) =>
      r.fills
        .filter((f) => f.instrumentId === id && f.ts < reopened)
        .reduce((q, f) => q + (f.side === 'buy' ? f.quantity : -f.quantity), 0);
    expect(held(SPX.instrument.id)).not.toBe(0);
    expect(held(copy.instrument.id)).not.toBe(0);
    expect(r.run.reducing).toBeNull();
    expect(r.fills.filter((f) => f.ts > reopened && f.side === 'buy').length).toBeGreaterThan(0);
  });

  it('restricts the run when one instrument’s prices do stop while a position is open, and says when and why', () => {
    // COPY is held from April to September 2001 (the test above); here its bars stop for two weeks in June.
    const gap = [Date.UTC(2001, 5, 1), Date.UTC(2001, 5, 15)];
    const copy = { ...SPX, name: 'copy.csv', instrument: { ...SPX.instrument, id: 'REPLAY:COPY' as InstrumentId } };
    copy.bars = BarColumns.fromBars(
      SPX_BARS.filter((b) => b.ts < gap[0]! || b.ts > gap[1]!).map((b) => ({ ...b, instrumentId: copy.instrument.id })),
    );
    const r = runBacktest({ series: [SPX, copy], config, fromMs: Date.UTC(2001, 0, 1), toMs: Date.UTC(2002, 11, 31) });
    expect(r.run.reducing?.reason).toMatch(/^No price for REPLAY:COPY for \d+ s while a position is open$/);
    const at = Date.parse(r.run.reducing!.at);
    expect(at).toBeGreaterThan(gap[0]!);
    expect(at).toBeLessThan(gap[1]!);
    expect(r.run.halted).toBeNull();
  });

  it('refuses an instrument given twice, a period without bars, and files of different bar intervals', () => {
    expect(() => runBacktest({ series: [SPX, SPX], config })).toThrow(/given twice/);
    expect(() => runBacktest({ series: [SPX], config, fromMs: Date.UTC(2030, 0, 1) })).toThrow(/fewer than two bars/);
    const minutes = {
      ...SPX,
      name: 'minutes.csv',
      instrument: { ...SPX.instrument, id: 'REPLAY:MINUTES' as InstrumentId },
      bars: BarColumns.fromBars(SPX_BARS.map((b) => ({ ...b, instrumentId: 'REPLAY:MINUTES' as InstrumentId, intervalMs: 60_000 }))),
    };
    expect(() => runBacktest({ series: [SPX, minutes], config })).toThrow(
      'minutes.csv has bars of 1 min and sp500-2000.csv of 1 day: a backtest runs on one bar interval',
    );
  });

  it("keeps a long run's throwaway journal in a scratch file that is gone afterwards, with the same chain as in memory", () => {
    let scratch: { databaseFile?: string; scratch?: boolean } = {};
    // Only the number of bars decides where the journal goes.
    const ofBars = (n: number): BarSeries[] => [{ ...SPX, bars: { length: n } as BarColumns }];
    const short = withThrowawayJournal(ofBars(IN_MEMORY_JOURNAL_BARS), (db) => db);
    expect(short).toEqual({});
    const onDisk = withThrowawayJournal(ofBars(IN_MEMORY_JOURNAL_BARS + 1), (db) => {
      scratch = db;
      expect(existsSync(db.databaseFile!)).toBe(false);
      return runBacktest({ series: [SPX], config, fromMs: FROM, toMs: TO, ...db });
    });
    expect(scratch.scratch).toBe(true);
    expect(existsSync(dirname(scratch.databaseFile!))).toBe(false);
    expect(onDisk.run.journalHead).toBe(runBacktest({ series: [SPX], config, fromMs: FROM, toMs: TO }).run.journalHead);
    expect(() =>
      withThrowawayJournal(ofBars(IN_MEMORY_JOURNAL_BARS + 1), (db) => {
        scratch = db;
        throw new Error('stopped');
      }),
    ).toThrow('stopped');
    expect(existsSync(dirname(scratch.databaseFile!))).toBe(false);
  });
});
