import { z } from 'zod';
import { defineContract } from './contract.ts';

export const PositionViewSchema = z.object({
  instrumentId: z.string(),
  quantity: z.number(),
  averagePrice: z.number(),
  mark: z.number().nullable(),
  markTs: z.number().nullable(),
  marketValue: z.number(),
  unrealizedPnl: z.number(),
  realizedPnl: z.number(),
});

export const PortfolioSnapshotSchema = z.object({
  startingCash: z.number(),
  cash: z.number(),
  fees: z.number(),
  equity: z.number(),
  grossExposure: z.number(),
  netExposure: z.number(),
  dailyPnl: z.number(),
  dayStartEquity: z.number(),
  peakEquity: z.number(),
  drawdown: z.number(),
  positions: z.array(PositionViewSchema),
});
export type PortfolioSnapshotView = z.infer<typeof PortfolioSnapshotSchema>;

/** Positions, cash, equity, exposures, the day's P&L and the drawdown. */
export const portfolioContract = defineContract('portfolio', {
  snapshot: { input: z.object({}).strict(), output: PortfolioSnapshotSchema },
});
