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
 * band`. Whole numbers only (hundredths of an ATR): a per-bar string built from integers costs a
 * fraction of `toFixed`/`toPrecision`; the exact values are in the observations.
 */
function summarize(trendStrength: number, trend: number, adx: number, histAtr: number, rsi: number, bandPosition: number): string {
  const regime = trendStrength > 0.5 ? (trend > 0 ? 'uptrend: ADX ' : 'downtrend: ADX ') : 'range: ADX ';
  const h = Math.round(histAtr * 100);
  const a = h < 0 ? -h : h;
  const hist = (h < 0 ? '-' : '+') + whole(Math.floor(a / 100)) + HUNDREDTHS[a % 100]!;
  return (
    regime +
    whole(Math.round(adx)) +
    ', MACD hist ' +
    hist +
    ' ATR, RSI ' +
    whole(Math.round(rsi)) +
    ', close at ' +
    whole(Math.round((bandPosition + 0.5) * 100)) +
    ' % of band'
  );
}

// Number-to-text conversions were most of the summary's cost: the common ones come from tables.
const HUNDREDTHS = Array.from({ length: 100 }, (_, i) => `.${String(i).padStart(2, '0')}`);
const WHOLE = Array.from({ length: 201 }, (_, i) => String(i));
const whole = (n: number) => (n >= 0 && n <= 200 ? WHOLE[n]! : String(n));
