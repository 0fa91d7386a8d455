import { readFileSync } from 'node:fs';
import ti from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { parseBarsCsv } from '../../../shared/market-data/bars-csv.ts';
import { computeIndicators, INDICATOR_COLUMNS, type IndicatorColumn } from '../../../shared/indicators/indicator-set.ts';
import { RollingExtreme } from '../../../shared/indicators/rolling-window.ts';
import { Atr } from '../../../shared/indicators/volatility.ts';

/**
 * Every indicator against references computed independently, on the bundled real S&P 500 history:
 * the `technicalindicators` package where its conventions match TA-Lib's, and, where they differ,
 * a transcription of TA-Lib's own loop written here in array style.
 */
const parsed = parseBarsCsv(readFileSync(new URL('../../../../resources/data/sp500-2000.csv', import.meta.url), 'utf8'), 'SPX' as never);
if (!parsed.ok) throw new Error(parsed.error);
const bars = parsed.value.bars.map((b) => ({ ts: b.ts, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume }));
const close = bars.map((b) => b.close);
const high = bars.map((b) => b.high);
const low = bars.map((b) => b.low);
const volume = bars.map((b) => b.volume);
const rows = computeIndicators(bars);
const column = (c: IndicatorColumn) => rows.map((r) => r[INDICATOR_COLUMNS.indexOf(c)]!);

/** Compares our series with a reference that starts `warmup` bars in; ours must be NaN before that. */
function expectSeries(ours: number[], reference: number[], warmup: number, tolerance: number, from = 0): void {
  expect(ours.slice(0, warmup).every(Number.isNaN)).toBe(true);
  expect(reference.length).toBe(ours.length - warmup);
  let worst = 0;
  for (let i = from; i < reference.length; i++) {
    const scale = Math.max(1, Math.abs(reference[i]!));
    worst = Math.max(worst, Math.abs(ours[i + warmup]! - reference[i]!) / scale);
  }
  expect(worst).toBeLessThanOrEqual(tolerance);
}

/** TA-Lib's TA_ADX main loop, transcribed (true range and DM from the second bar). */
function talibAdx(period: number): number[] {
  const out: number[] = [];
  let prevHigh = high[0]!;
  let prevLow = low[0]!;
  let prevClose = close[0]!;
  let pDm = 0;
  let mDm = 0;
  let tr = 0;
  let today = 0;
  const step = (smooth: boolean) => {
    today++;
    const diffP = high[today]! - prevHigh;
    const diffM = prevLow - low[today]!;
    prevHigh = high[today]!;
    prevLow = low[today]!;
    if (smooth) {
      mDm -= mDm / period;
      pDm -= pDm / period;
    }
    if (diffM > 0 && diffP < diffM) mDm += diffM;
    else if (diffP > 0 && diffP > diffM) pDm += diffP;
    const t = Math.max(prevHigh - prevLow, Math.abs(prevHigh - prevClose), Math.abs(prevLow - prevClose));
    tr = smooth ? tr - tr / period + t : tr + t;
    prevClose = close[today]!;
    if (!smooth || tr === 0) return 0;
    const minusDi = (100 * mDm) / tr;
    const plusDi = (100 * pDm) / tr;
    return minusDi + plusDi === 0 ? 0 : (100 * Math.abs(minusDi - plusDi)) / (minusDi + plusDi);
  };
  for (let i = 0; i < period - 1; i++) step(false);
  let sumDx = 0;
  for (let i = 0; i < period; i++) sumDx += step(true);
  let adx = sumDx / period;
  out.push(adx);
  while (today < close.length - 1) {
    adx = (adx * (period - 1) + step(true)) / period;
    out.push(adx);
  }
  return out;
}

describe('indicators on the S&P 500 daily history (5,105 bars)', () => {
  it('SMA(20) and EMA(20) (EMA seeded with the SMA of its first 20 closes)', () => {
    expectSeries(column('sma20'), ti.SMA.calculate({ period: 20, values: close }), 19, 1e-12);
    expectSeries(column('ema20'), ti.EMA.calculate({ period: 20, values: close }), 19, 1e-12);
  });

  it('RSI(14) with Wilder smoothing (the reference rounds to 2 decimals)', () => {
    expectSeries(column('rsi14'), ti.RSI.calculate({ period: 14, values: close }), 14, 0.005 + 1e-9);
  });

  it('MACD(12, 26, 9): line, signal and histogram', () => {
    const ref = ti.MACD.calculate({
      values: close,
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    });
    expectSeries(
      column('macd'),
      ref.map((m) => m.MACD!),
      25,
      1e-12,
    );
    expectSeries(
      column('macd_signal'),
      ref.map((m) => m.signal ?? Number.NaN),
      25,
      1e-12,
      8,
    );
    expectSeries(
      column('macd_hist'),
      ref.map((m) => m.histogram ?? Number.NaN),
      25,
      1e-12,
      8,
    );
    expect(column('macd_signal').slice(0, 33).every(Number.isNaN)).toBe(true);
  });

  it('Bollinger Bands(20, 2) with the population standard deviation', () => {
    const ref = ti.BollingerBands.calculate({ period: 20, stdDev: 2, values: close });
    expectSeries(
      column('bb_lower'),
      ref.map((b) => b.lower),
      19,
      1e-11,
    );
    expectSeries(
      column('bb_mid'),
      ref.map((b) => b.middle),
      19,
      1e-12,
    );
    expectSeries(
      column('bb_upper'),
      ref.map((b) => b.upper),
      19,
      1e-11,
    );
  });

  it('ATR(14): true range from the second bar, Wilder seeded by the mean of the first 14', () => {
    expectSeries(column('atr14'), ti.ATR.calculate({ period: 14, high, low, close }), 14, 1e-12);
  });

  it("ADX(14) equals TA-Lib's loop exactly, and converges to technicalindicators' seeding", () => {
    expectSeries(column('adx14'), talibAdx(14), 27, 1e-12);
    const other = ti.ADX.calculate({ period: 14, high, low, close }).map((a) => a.adx);
    expectSeries(column('adx14'), other, 27, 1e-4, 250);
  });

  it('OBV starts at the first bar volume (the reference starts at 0 one bar later)', () => {
    const ref = ti.OBV.calculate({ close, volume });
    const ours = column('obv');
    expect(ours[0]).toBe(volume[0]);
    for (let i = 0; i < ref.length; i++) expect(ours[i + 1]! - ref[i]!).toBe(volume[0]);
  });

  it('stochastic %K(14) in percent and %D = 3-bar simple average of %K', () => {
    const ref = ti.Stochastic.calculate({ period: 14, signalPeriod: 3, high, low, close });
    expectSeries(
      column('stoch_k'),
      ref.map((s) => s.k),
      13,
      1e-12,
    );
    expectSeries(
      column('stoch_d'),
      ref.map((s) => s.d ?? Number.NaN),
      13,
      1e-12,
      2,
    );
  });

  it('session VWAP of daily bars is the typical price', () => {
    const v = column('vwap');
    bars.forEach((b, i) => expect(v[i]).toBeCloseTo((b.high + b.low + b.close) / 3, 9));
  });
});

describe('rolling extreme', () => {
  it('matches a brute-force window max/min on random input', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 100;
    const xs = Array.from({ length: 2_000 }, rnd);
    for (const size of [1, 3, 14]) {
      const max = new RollingExtreme(size, 'max');
      const min = new RollingExtreme(size, 'min');
      xs.forEach((x, i) => {
        const w = xs.slice(Math.max(0, i - size + 1), i + 1);
        expect(max.push(x)).toBe(Math.max(...w));
        expect(min.push(x)).toBe(Math.min(...w));
      });
    }
  });
});

describe('ATR by hand', () => {
  it('starts at the second bar, seeds with the mean of the first n true ranges, then smooths by (n−1)/n', () => {
    const atr = new Atr(3);
    expect(atr.update({ high: 11, low: 9, close: 10 })).toBeNaN(); // no previous close yet
    expect(atr.update({ high: 12, low: 10.5, close: 11 })).toBeNaN(); // TR max(1.5, 2, 0.5) = 2
    expect(atr.update({ high: 11.5, low: 10, close: 10.5 })).toBeNaN(); // TR 1.5
    expect(atr.update({ high: 14, low: 12, close: 13 })).toBeCloseTo((2 + 1.5 + 3.5) / 3, 12); // TR max(2, 3.5, 1.5)
    expect(atr.update({ high: 13.5, low: 12.5, close: 13 })).toBeCloseTo(((7 / 3) * 2 + 1) / 3, 12);
  });
});
