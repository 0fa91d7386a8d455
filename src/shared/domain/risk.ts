import { z } from 'zod';

/**
 * ACTIVE: everything that passes pre-trade checks may trade.
 * REDUCING: only risk-reducing orders pass. HALTED: nothing passes but cancels.
 */
export const TradingStateSchema = z.enum(['ACTIVE', 'REDUCING', 'HALTED']);
export type TradingState = z.infer<typeof TradingStateSchema>;

export const RiskLimitsSchema = z.object({
  maxOrderQuantity: z.number().positive(),
  maxOrderNotional: z.number().positive(),
  maxPositionQuantity: z.number().positive(),
  maxGrossExposure: z.number().positive(),
  maxNetExposure: z.number().positive(),
  maxConcentration: z.number().gt(0).max(1),
  maxOrdersPerSecond: z.number().int().positive(),
  maxOrdersPerMinute: z.number().int().positive(),
  priceBandPercent: z.number().positive(),
  dailyLossLimitPercent: z.number().positive(),
  maxDrawdownPercent: z.number().positive(),
  staleDataMs: z.number().int().positive(),
});
export type RiskLimits = z.infer<typeof RiskLimitsSchema>;
