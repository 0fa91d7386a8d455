import { z } from 'zod';
import { TimestampSchema } from './branded.ts';
import { InstrumentIdSchema } from './instrument.ts';

/**
 * How consensus weighs the analysts. Starting weights per agent id (a model votes as
 * `model.<name>`; agents not listed start at `defaultWeight`); a decision needs a quorum of voters
 * and weight; the weighted score (direction × confidence, in [-1, 1]) must pass a threshold to act.
 * Weights then follow each agent's exponentially weighted hit rate: weight = start ×
 * clamp(1 + skillGain × (2 × hitRate − 1), floor, cap).
 */
export const ConsensusConfigSchema = z
  .object({
    weights: z.record(z.string(), z.number().min(0)).default({}),
    defaultWeight: z.number().min(0).default(1),
    minVoters: z.number().int().min(1).default(1),
    minWeight: z.number().min(0).default(0.5),
    buyThreshold: z.number().min(0).max(1).default(0.1),
    sellThreshold: z.number().min(0).max(1).default(0.1),
    /** Half-life of the accuracy memory, in scored signals. */
    accuracyHalfLife: z.number().positive().default(50),
    skillGain: z.number().min(0).default(2),
    weightFloor: z.number().min(0).default(0.25),
    weightCap: z.number().positive().default(2),
    /** How long a cycle waits for slow voters (models) before it decides with their votes missing. */
    cycleTimeoutMs: z.number().int().positive().default(300),
  })
  // A misspelt setting is an error, not a default silently kept (a config file, a sweep's grid).
  .strict();
export type ConsensusConfig = z.infer<typeof ConsensusConfigSchema>;

/** One instrument's target: a signed fraction of equity, and the price it was sized at. */
export const TargetSchema = z.object({
  instrumentId: InstrumentIdSchema,
  weight: z.number(),
  price: z.number().positive(),
  /** The instrument's latest decision when the book was optimised: the one its order traces back to. */
  decisionId: z.string().optional(),
});
export type Target = z.infer<typeof TargetSchema>;

export const OptimizerMethodSchema = z.enum([
  'volatility-target',
  'min-variance',
  'max-sharpe',
  'target-volatility',
  'risk-parity',
  'black-litterman',
]);
export type OptimizerMethod = z.infer<typeof OptimizerMethodSchema>;

/** The portfolio optimizer's settings (see agents/portfolio/optimizer). */
export const OptimizerConfigSchema = z
  .object({
    /** `volatility-target` sizes one instrument at a time; the others optimise the whole book. */
    method: OptimizerMethodSchema.default('volatility-target'),
    longOnly: z.boolean().default(true),
    /**
     * Bound on each instrument's weight and on the sum of |weights| (fractions of equity). Below 1 by
     * default: orders are sized at the decision's close and fill at the next open, so a full-equity
     * target would overshoot the cash on any gap up.
     */
    maxWeight: z.number().positive().default(0.95),
    maxGross: z.number().positive().default(0.95),
    /** Annualised volatility the book (or each instrument alone) aims for. */
    targetVolatility: z.number().positive().default(0.1),
    /** Fraction of the Kelly bet used at most (capped Kelly). */
    kellyFraction: z.number().min(0).max(1).default(0.5),
    /** Return windows for the covariance, in bars. */
    lookback: z.number().int().min(20).default(120),
    /** Penalty on turnover in the mean–variance objective (per unit of |Δweight|², in variance units). */
    turnoverPenalty: z.number().min(0).default(0.001),
    /** No trade unless a weight moves by more than this (absolute). */
    noTradeBand: z.number().min(0).default(0.05),
    /** Black–Litterman: risk aversion and the prior's uncertainty scale τ. */
    riskAversion: z.number().positive().default(3),
    tau: z.number().positive().default(0.05),
    /** Annualised excess return a full-confidence view expects. */
    viewReturn: z.number().positive().default(0.1),
  })
  .strict();
export type OptimizerConfig = z.infer<typeof OptimizerConfigSchema>;

/** The optimizer's output for one decision cycle. */
export const TargetsSchema = z.object({
  method: OptimizerMethodSchema,
  targets: z.array(TargetSchema),
  ts: TimestampSchema,
});
export type Targets = z.infer<typeof TargetsSchema>;
