import { z } from 'zod';

/**
 * ACTIVE: everything that passes pre-trade checks may trade.
 * REDUCING: only risk-reducing orders pass. HALTED: nothing passes but cancels.
 */
export const TradingStateSchema = z.enum(['ACTIVE', 'REDUCING', 'HALTED']);
export type TradingState = z.infer<typeof TradingStateSchema>;

const Restriction = z.enum(['REDUCING', 'HALTED']);

/** Upper bounds that no real limit reaches; beyond them a limit is a typing error (1e308 had been accepted). */
const MAX_AMOUNT = 1e13;
const amount = () => z.number().positive().max(MAX_AMOUNT);

/** The fields of the risk limits, without the checks across fields (for partial overrides). */
export const RiskLimitFieldsSchema = z
  .object({
    maxOrderQuantity: amount(),
    maxOrderNotional: amount(),
    maxPositionQuantity: amount(),
    maxGrossExposure: amount(),
    maxNetExposure: amount(),
    /** Largest share of equity one instrument may take, as a fraction (0.25 = 25 %). */
    maxConcentration: z.number().gt(0).max(1),
    maxOrdersPerSecond: z.number().int().positive().max(10_000),
    maxOrdersPerMinute: z.number().int().positive().max(1_000_000),
    /** A limit price further than this from the last price is a fat finger. */
    priceBandPercent: z.number().positive().max(100),
    /** Also a fat finger: a limit price more than this many ATR(14) from the last price (0 = off). */
    priceBandAtr: z.number().min(0).max(100),
    /** Market data older than this stops new orders (and trips the stale-data breaker). */
    staleDataMs: z
      .number()
      .int()
      .positive()
      .max(3_650 * 86_400_000),
    /** Buying power = equity × maxLeverage − gross exposure − open orders. */
    maxLeverage: z.number().positive().max(10),
    dailyLossLimitPercent: z.number().positive().max(100),
    maxDrawdownPercent: z.number().positive().max(100),
    /** Mean confidence of the last 20 model signals below this trips the model-confidence breaker. */
    minModelConfidence: z.number().min(0).max(1),
    breakers: z.object({
      dailyLoss: Restriction,
      drawdown: Restriction,
      concentration: Restriction,
      staleData: Restriction,
      modelConfidence: Restriction,
    }),
  })
  .strict();

/** The risk manager's limits; percentages are in percent (2 means 2 %). */
export const RiskLimitsSchema = RiskLimitFieldsSchema.refine((l) => l.maxOrdersPerMinute >= l.maxOrdersPerSecond, {
  message: 'orders per minute must be at least orders per second',
  path: ['maxOrdersPerMinute'],
}).refine((l) => l.maxOrderQuantity <= l.maxPositionQuantity, {
  message: 'one order may not be larger than the largest position',
  path: ['maxOrderQuantity'],
});
export type RiskLimits = z.infer<typeof RiskLimitsSchema>;

export const DEFAULT_RISK_LIMITS: RiskLimits = {
  maxOrderQuantity: 10_000,
  maxOrderNotional: 250_000,
  maxPositionQuantity: 20_000,
  maxGrossExposure: 2_000_000,
  maxNetExposure: 1_000_000,
  maxConcentration: 0.5,
  maxOrdersPerSecond: 10,
  maxOrdersPerMinute: 200,
  priceBandPercent: 5,
  priceBandAtr: 0,
  staleDataMs: 15_000,
  maxLeverage: 2,
  dailyLossLimitPercent: 2,
  maxDrawdownPercent: 10,
  // The shipped model's confidence |2·p_up − 1| averages about 0.11 on daily S&P bars; a collapse is
  // well below that. Raise this for models that are usually more confident.
  minModelConfidence: 0.03,
  breakers: { dailyLoss: 'HALTED', drawdown: 'HALTED', concentration: 'REDUCING', staleData: 'REDUCING', modelConfidence: 'REDUCING' },
};
