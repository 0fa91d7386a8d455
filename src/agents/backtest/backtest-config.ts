import { z } from 'zod';
import { ConsensusConfigSchema, OptimizerConfigSchema } from '../../shared/domain/consensus.ts';
import { AgentRosterSchema } from '../../shared/domain/settings.ts';
import { DEFAULT_RISK_LIMITS, RiskLimitFieldsSchema, RiskLimitsSchema, type RiskLimits } from '../../shared/domain/risk.ts';

/**
 * A backtest's settings (`quorum backtest --config FILE.json`); every field is optional. Risk limits
 * are the product's, with those that only make sense for the simulated market's instruments scaled to
 * the account: order and exposure limits follow the starting cash, one instrument may be the whole
 * book, prices go stale after five bars, and the breakers stop a strategy that loses 5 % in a day or 30 % from its peak.
 */
export const BacktestConfigSchema = z
  .object({
    seed: z.number().int().default(42),
    // Bounded: 1e308 had overflowed the metrics into a page of stack trace.
    startingCash: z.number().positive().max(1e12).default(1_000_000),
    /** Which analysts vote and with what weight: the same roster as a profile's settings. */
    agents: AgentRosterSchema.default(AgentRosterSchema.parse({})),
    consensus: ConsensusConfigSchema.default(ConsensusConfigSchema.parse({})),
    optimizer: OptimizerConfigSchema.default(OptimizerConfigSchema.parse({})),
    risk: RiskLimitFieldsSchema.partial().default({}),
    /** ONNX models that vote, their predictions computed up front in batches (batch mode). */
    models: z.array(z.object({ file: z.string().min(1), status: z.enum(['active', 'shadow']).default('active') }).strict()).default([]),
    /** Re-optimise every this many bars even when no decision changed. */
    rebalanceEveryBars: z.number().int().positive().default(20),
    /**
     * What happens after a breaker restricts the run. `never` (the product's rule: nothing resumes
     * by itself) keeps it restricted to the end; `next-day` resumes at the first bar of each later
     * day, as a trader would who checks every morning — a breaker whose condition still holds then
     * trips again after that bar.
     */
    resumeAfterBreaker: z.enum(['never', 'next-day']).default('never'),
  })
  .strict();
export type BacktestConfig = z.infer<typeof BacktestConfigSchema>;

/** The risk limits of a backtest over bars of `barIntervalMs` (a price is stale after five bars: weekends and holidays pass). */
export function backtestRiskLimits(config: BacktestConfig, barIntervalMs: number): RiskLimits {
  const cash = config.startingCash;
  return RiskLimitsSchema.parse({
    ...DEFAULT_RISK_LIMITS,
    maxOrderQuantity: 1e9,
    maxPositionQuantity: 1e9,
    maxOrderNotional: 2 * cash,
    maxGrossExposure: 2 * cash,
    maxNetExposure: 2 * cash,
    maxConcentration: 1,
    dailyLossLimitPercent: 5,
    maxDrawdownPercent: 30,
    staleDataMs: Math.max(DEFAULT_RISK_LIMITS.staleDataMs, 5 * barIntervalMs),
    ...config.risk,
  });
}

/** Parses a config file's text; the error names the field and what was wrong. */
export function parseBacktestConfig(text: string, file: string): { ok: true; value: BacktestConfig } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `${file}: not JSON: ${(err as Error).message}` };
  }
  const parsed = BacktestConfigSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, error: `${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}` };
}
