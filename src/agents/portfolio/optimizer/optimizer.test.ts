import { describe, expect, it } from 'vitest';
import { OptimizerConfigSchema } from '../../../shared/domain/consensus.ts';
import { matVec, quadForm } from '../../../shared/math/matrix.ts';
import { SeededRandom } from '../../../shared/math/seeded-random.ts';
import { blackLitterman } from './black-litterman.ts';
import { maximumSharpe, meanVariance, minimumVariance, targetVolatility } from './mean-variance.ts';
import { optimizeBook } from './optimize-book.ts';
import { solveQuadraticProgram } from './quadratic-program.ts';
import { riskParity } from './risk-parity.ts';
import { volatilityTargetWeight } from './volatility-target.ts';

const SIGMA = [
  [0.04, 0],
  [0, 0.01],
];
const BOOK = { signs: [1, 1], maxWeight: 1, maxGross: 1 };
const ok = (r: { ok: boolean; x?: number[]; error?: string }) => {
  if (!r.ok) throw new Error(r.error);
  return r.x!;
};

describe('solveQuadraticProgram', () => {
  it("reproduces R's quadprog example", () => {
    const x = ok(
      solveQuadraticProgram(
        [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
        [0, 5, 0],
        [
          { a: [-4, -3, 0], b: -8 },
          { a: [2, 1, 0], b: 2 },
          { a: [0, -2, 1], b: 0 },
        ],
      ),
    );
    [0.4761905, 1.047619, 2.0952381].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 6));
  });

  it('says so when the constraints cannot hold', () => {
    const r = solveQuadraticProgram(
      [[1]],
      [0],
      [
        { a: [1], b: 2 },
        { a: [-1], b: -1 },
      ],
    );
    expect(r.ok).toBe(false);
  });
});

describe('mean–variance', () => {
  it('minimum variance of uncorrelated assets weighs them by inverse variance, within bounds', () => {
    const x = ok(minimumVariance(SIGMA, BOOK));
    expect(x[0]).toBeCloseTo(0.2, 6);
    expect(x[1]).toBeCloseTo(0.8, 6);
    const capped = ok(minimumVariance(SIGMA, { ...BOOK, maxWeight: 0.6 }));
    expect(capped[0]).toBeCloseTo(0.4, 6);
    expect(capped[1]).toBeCloseTo(0.6, 6);
  });

  it('maximum Sharpe is the tangency portfolio Σ⁻¹μ, scaled to the gross limit', () => {
    const x = ok(maximumSharpe([0.01, 0.02], SIGMA, BOOK));
    expect(x[0]).toBeCloseTo(0.25 / 2.25, 6);
    expect(x[1]).toBeCloseTo(2 / 2.25, 6);
  });

  it('keeps each weight on the side its decision allows', () => {
    const x = ok(meanVariance({ mu: [0.01, 0.01], sigma: SIGMA, riskAversion: 2 }, { ...BOOK, signs: [1, -1] }));
    expect(x[0]).toBeGreaterThan(0);
    expect(x[1]).toBeCloseTo(0, 9);
    const y = ok(meanVariance({ mu: [0.01, -0.01], sigma: SIGMA, riskAversion: 2 }, { ...BOOK, signs: [1, -1] }));
    expect(y[1]).toBeLessThan(0);
    expect(Math.abs(y[0]!) + Math.abs(y[1]!)).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('target volatility finds the risk aversion that gives the target', () => {
    const x = ok(targetVolatility({ mu: [0.01, 0.01], sigma: SIGMA }, BOOK, 0.05));
    expect(Math.sqrt(quadForm(SIGMA, x))).toBeCloseTo(0.05, 4);
  });

  it('the turnover penalty pulls the solution towards the current weights', () => {
    const free = ok(meanVariance({ mu: [0.01, 0.01], sigma: SIGMA, riskAversion: 1 }, BOOK));
    const sticky = ok(meanVariance({ mu: [0.01, 0.01], sigma: SIGMA, riskAversion: 1, current: [0.9, 0.1], turnoverPenalty: 1 }, BOOK));
    expect(sticky[0]! - 0.9).toBeGreaterThan(free[0]! - 0.9);
  });
});

describe('risk parity', () => {
  it('gives every instrument the same risk contribution at the target volatility', () => {
    const sigma = [
      [0.04, 0.006, 0.002],
      [0.006, 0.01, 0.001],
      [0.002, 0.001, 0.0025],
    ];
    const w = riskParity(sigma, [1, 1, 1], 0.05, 10, 10);
    const marginal = matVec(sigma, w);
    const contributions = w.map((x, i) => x * marginal[i]!);
    for (const c of contributions) expect(c).toBeCloseTo(contributions[0]!, 10);
    expect(Math.sqrt(quadForm(sigma, w))).toBeCloseTo(0.05, 8);
  });

  it('respects the per-asset bound by scaling down', () => {
    const w = riskParity(SIGMA, [1, 1], 1, 0.5, 10);
    expect(Math.max(...w)).toBeCloseTo(0.5, 9);
  });
});

describe('Black–Litterman', () => {
  const sigma = [
    [0.04, 0.01],
    [0.01, 0.02],
  ];
  it('without views returns the equilibrium prior γΣw', () => {
    const mu = blackLitterman(sigma, [0.5, 0.5], [], 3, 0.05);
    const prior = matVec(sigma, [1.5, 1.5]);
    mu.forEach((m, i) => expect(m).toBeCloseTo(prior[i]!, 12));
  });

  it('a confident view pins the posterior, a doubtful one barely moves it', () => {
    const sure = blackLitterman(sigma, [0.5, 0.5], [{ index: 0, expected: 0.2, confidence: 0.999 }], 3, 0.05);
    const doubt = blackLitterman(sigma, [0.5, 0.5], [{ index: 0, expected: 0.2, confidence: 0.01 }], 3, 0.05);
    const prior = matVec(sigma, [1.5, 1.5]);
    expect(Math.abs(sure[0]! - 0.2)).toBeLessThan(0.005);
    expect(Math.abs(doubt[0]! - prior[0]!)).toBeLessThan(0.01);
    // The view spills over to the correlated instrument.
    expect(sure[1]).toBeGreaterThan(prior[1]!);
  });
});

describe('volatility target with capped Kelly', () => {
  it('takes the smallest of the volatility target, the Kelly fraction and the bound', () => {
    const base = { direction: 1, expectedReturn: 0.03, volatility: 0.2, targetVolatility: 0.1, kellyFraction: 0.5, maxWeight: 1 };
    expect(volatilityTargetWeight(base)).toBeCloseTo(0.375, 12); // ½ × 0.03 / 0.04
    expect(volatilityTargetWeight({ ...base, expectedReturn: 0.2 })).toBeCloseTo(0.5, 12); // 0.1 / 0.2
    expect(volatilityTargetWeight({ ...base, expectedReturn: 0.2, maxWeight: 0.3 })).toBeCloseTo(0.3, 12);
    expect(volatilityTargetWeight({ ...base, direction: -1 })).toBeCloseTo(-0.375, 12);
    expect(volatilityTargetWeight({ ...base, volatility: 0 })).toBe(0);
  });
});

describe('optimizeBook', () => {
  const random = new SeededRandom(3);
  const returns = Array.from({ length: 120 }, () => [random.normal() * 0.01, random.normal() * 0.02, random.normal() * 0.015]);

  it('runs every method; long-only drops (or, with Black–Litterman, lowers) short stances', () => {
    for (const method of OptimizerConfigSchema.shape.method.unwrap().options) {
      const config = OptimizerConfigSchema.parse({ method, longOnly: true });
      const r = optimizeBook(config, { stances: [0.5, -0.4, 0.3], returns, current: [0, 0, 0], periodsPerYear: 252 });
      if (!r.ok) throw new Error(`${method}: ${r.error}`);
      expect(
        r.weights.every((w) => w >= 0),
        method,
      ).toBe(true);
      if (method !== 'black-litterman') expect(r.weights[1], method).toBe(0);
      else {
        // Black–Litterman blends a view into the prior: a sell view lowers the weight, it need not zero it.
        const neutral = optimizeBook(config, { stances: [0.5, 0, 0.3], returns, current: [0, 0, 0], periodsPerYear: 252 });
        expect(neutral.ok && r.weights[1]! < neutral.weights[1]!).toBe(true);
      }
      expect(
        r.weights.reduce((s, w) => s + Math.abs(w), 0),
        method,
      ).toBeLessThanOrEqual(config.maxGross + 1e-9);
      expect(r.shrinkage).toBeGreaterThanOrEqual(0);
    }
  });

  it('needs twenty periods of returns', () => {
    const r = optimizeBook(OptimizerConfigSchema.parse({}), { stances: [1], returns: [[0.01]], current: [0], periodsPerYear: 252 });
    expect(r).toEqual({ ok: false, error: 'need at least 20 periods of returns, have 1' });
  });
});
