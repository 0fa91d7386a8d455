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
  /** The kill switch: HALTED, every open order canceled, positions flattened if asked. */
  halt: {
    input: z.object({ reason: z.string().min(1).max(500), flatten: z.boolean().default(false) }).strict(),
    output: TradingStatusSchema.extend({
      canceled: z.number().int(),
      flattening: z.array(z.object({ instrumentId: z.string(), quantity: z.number(), side: z.enum(['buy', 'sell']) })),
    }),
  },
  resume: { input: z.object({ reason: z.string().min(1).max(500) }).strict(), output: TradingStatusSchema },
});
