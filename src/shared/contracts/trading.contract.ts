import { z } from 'zod';
import { TradingStateSchema } from '../domain/risk.ts';
import { defineContract } from './contract.ts';

export const TradingStatusSchema = z.object({
  state: TradingStateSchema,
  reason: z.string(),
  changedAt: z.number().int(),
});
export type TradingStatus = z.infer<typeof TradingStatusSchema>;

/** The trading state and the kill switch. */
export const tradingContract = defineContract('trading', {
  getState: { input: z.object({}).strict(), output: TradingStatusSchema },
  halt: {
    input: z.object({ reason: z.string().min(1).max(500), flatten: z.boolean().default(false) }).strict(),
    output: TradingStatusSchema,
  },
  resume: { input: z.object({ reason: z.string().min(1).max(500) }).strict(), output: TradingStatusSchema },
});
