import type { IndicatorSet } from '../../../shared/indicators/indicator-set.ts';

export interface TechnicalView {
  direction: number;
  confidence: number;
  rationale: { summary: string; observations: Record<string, number> };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * The technical analyst's reading of one bar. Trend (MACD histogram in ATRs, close against its
 * SMA(20)) counts in proportion to trend strength (ADX from 15 to 40); the rest of the weight goes
 * to mean reversion (RSI beyond 30/70, the close outside its Bollinger Bands). Null while warming up
 * (any indicator it reads still NaN).
 */
export function technicalView(set: IndicatorSet, close: number): TechnicalView | null {
  const rsi = set.get('rsi14');
  const hist = set.get('macd_hist');
  const adx = set.get('adx14');
  const atr = set.get('atr14');
  const sma = set.get('sma20');
  const lower = set.get('bb_lower');
  const upper = set.get('bb_upper');
  // Any NaN (warming up) makes the sum NaN; `!(x > 0)` also rejects a zero ATR.
  if (!Number.isFinite(rsi + hist + adx + sma + lower + upper) || !(atr > 0) || atr === Infinity) return null;
  const trendStrength = clamp((adx - 15) / 25, 0, 1);
  const trend = 0.6 * Math.tanh((4 * hist) / atr) + 0.4 * Math.tanh((close - sma) / atr);
  const band = upper - lower;
  const bandPosition = band > 0 ? (close - lower) / band - 0.5 : 0;
  const rsiStretch = rsi > 70 ? (rsi - 70) / 30 : rsi < 30 ? (rsi - 30) / 30 : 0;
  const bandStretch = Math.abs(bandPosition) > 0.5 ? Math.sign(bandPosition) * Math.min(1, Math.abs(bandPosition)) : 0;
  const reversion = -clamp(0.6 * rsiStretch + 0.4 * bandStretch, -1, 1);
  const direction = clamp(trendStrength * trend + (1 - trendStrength) * reversion, -1, 1);
  const agreement = Math.sign(trend) === Math.sign(reversion) || reversion === 0 ? 1 : 0.6;
  const confidence = clamp(Math.abs(direction) * agreement, 0, 1);
  return {
    direction,
    confidence,
    rationale: {
      summary: summarize(trendStrength, trend, adx, hist / atr, rsi, bandPosition),
      observations: {
        close,
        rsi14: rsi,
        macd_hist: hist,
        adx14: adx,
        atr14: atr,
        sma20: sma,
        bb_lower: lower,
        bb_upper: upper,
        bb_position: bandPosition,
      },
    },
  };
}

/**
 * The rationale's one line, e.g. `uptrend: ADX 31, MACD hist +0.42 ATR, RSI 58, close at 71 % of
 * band`. Whole numbers only (hundredths of an ATR), and joined from four pieces taken from tables
 * built once: number-to-text conversions and a string per `+` were most of the analyst's cost per
 * bar. The exact values are in the observations.
 */
function summarize(trendStrength: number, trend: number, adx: number, histAtr: number, rsi: number, bandPosition: number): string {
  const regime = trendStrength > 0.5 ? (trend > 0 ? 'uptrend' : 'downtrend') : 'range';
  const a = Math.round(adx);
  const h = Math.round(histAtr * 100);
  const r = Math.round(rsi);
  const band = Math.round((bandPosition + 0.5) * 100);
  return (
    (HEAD[regime][a] ?? `${regime}: ADX ${a}, MACD hist `) +
    (HIST[h + HIST_LIMIT] ?? hundredths(h)) +
    (RSI[r] ?? ` ATR, RSI ${r}, close at `) +
    (BAND[band] ?? `${band} % of band`)
  );
}

/** `h` hundredths as text with its sign: 42 → "+0.42", -105 → "-1.05". */
function hundredths(h: number): string {
  const a = Math.abs(h);
  return `${h < 0 ? '-' : '+'}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

// ADX and RSI lie in [0, 100]; a histogram within ±20 ATR and a close from the lower band to 1.5
// band widths above the upper one cover nearly every bar; the rest are written out.
const upTo = (n: number) => Array.from({ length: n + 1 }, (_, i) => i);
const HIST_LIMIT = 2_000;
const HIST = upTo(2 * HIST_LIMIT).map((i) => hundredths(i - HIST_LIMIT));
const head = (word: string) => upTo(100).map((adx) => `${word}: ADX ${adx}, MACD hist `);
const HEAD = { uptrend: head('uptrend'), downtrend: head('downtrend'), range: head('range') };
const RSI = upTo(100).map((rsi) => ` ATR, RSI ${rsi}, close at `);
const BAND = upTo(250).map((pct) => `${pct} % of band`);
