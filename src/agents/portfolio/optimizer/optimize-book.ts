import type { OptimizerConfig } from '../../../shared/domain/consensus.ts';
import { ledoitWolf } from '../../../shared/math/ledoit-wolf.ts';
import { blackLitterman } from './black-litterman.ts';
import { maximumSharpe, meanVariance, minimumVariance, targetVolatility, type SignedBook } from './mean-variance.ts';
import { riskParity } from './risk-parity.ts';
import { volatilityTargetWeight } from './volatility-target.ts';

export interface BookInput {
  /** Per instrument, the consensus stance: signed score of the latest buy/sell decision, 0 for none. */
  stances: readonly number[];
  /** Per-period returns, one row per period, one column per instrument (aligned). */
  returns: readonly (readonly number[])[];
  current: readonly number[];
  periodsPerYear: number;
}

export type BookResult = { ok: true; weights: number[]; shrinkage: number } | { ok: false; error: string };

/** Target weights for the whole book by the configured method (see OptimizerConfig). */
export function optimizeBook(config: OptimizerConfig, input: BookInput): BookResult {
  const n = input.stances.length;
  if (input.returns.length < 20) return { ok: false, error: `need at least 20 periods of returns, have ${input.returns.length}` };
  const { covariance: sigma, shrinkage } = ledoitWolf(input.returns);
  const ppy = input.periodsPerYear;
  const signs = input.stances.map((s) => (config.longOnly && s < 0 ? 0 : Math.sign(s)));
  const mu = input.stances.map((s, i) => (signs[i] === 0 ? 0 : (s * config.viewReturn) / ppy));
  const book: SignedBook = { signs, maxWeight: config.maxWeight, maxGross: config.maxGross };
  const volPerPeriod = config.targetVolatility / Math.sqrt(ppy);
  const done = (weights: number[]): BookResult => ({ ok: true, weights: capGross(weights, config.maxGross), shrinkage });
  const fromQp = (r: { ok: true; x: number[] } | { ok: false; error: string }): BookResult => (r.ok ? done(r.x) : r);
  switch (config.method) {
    case 'volatility-target':
      return done(
        input.stances.map((s, i) =>
          volatilityTargetWeight({
            direction: signs[i]!,
            expectedReturn: Math.abs(s) * config.viewReturn,
            volatility: Math.sqrt(sigma[i]![i]! * ppy),
            targetVolatility: config.targetVolatility,
            kellyFraction: config.kellyFraction,
            maxWeight: config.maxWeight,
          }),
        ),
      );
    case 'min-variance':
      return fromQp(minimumVariance(sigma, book));
    case 'max-sharpe':
      return fromQp(maximumSharpe(mu, sigma, book));
    case 'target-volatility':
      return fromQp(targetVolatility({ mu, sigma, current: input.current, turnoverPenalty: config.turnoverPenalty }, book, volPerPeriod));
    case 'risk-parity':
      return done(riskParity(sigma, signs, volPerPeriod, config.maxWeight, config.maxGross));
    case 'black-litterman': {
      const views = input.stances.flatMap((s, index) =>
        s === 0 ? [] : [{ index, expected: (s * config.viewReturn) / ppy, confidence: Math.abs(s) }],
      );
      const posterior = blackLitterman(sigma, new Array<number>(n).fill(1 / n), views, config.riskAversion, config.tau);
      const blSigns = posterior.map((m) => (config.longOnly && m < 0 ? 0 : Math.sign(m)));
      return fromQp(
        meanVariance(
          { mu: posterior, sigma, riskAversion: config.riskAversion, current: input.current, turnoverPenalty: config.turnoverPenalty },
          { ...book, signs: blSigns },
        ),
      );
    }
  }
}

function capGross(weights: number[], maxGross: number): number[] {
  const gross = weights.reduce((s, w) => s + Math.abs(w), 0);
  const k = gross > maxGross ? maxGross / gross : 1;
  // Rounding noise from the solver is not a position.
  return weights.map((w) => (Math.abs(w * k) < 1e-9 ? 0 : w * k));
}
