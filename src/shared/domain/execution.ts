import { z } from 'zod';
import { InstrumentIdSchema } from './instrument.ts';
import { OrderSideSchema } from './orders.ts';

export const AlgoSchema = z.enum(['market', 'limit', 'twap', 'vwap', 'pov']);
export type Algo = z.infer<typeof AlgoSchema>;

/** A parent order: what to trade and how the execution agent should work it. */
export const ParentOrderSpecSchema = z
  .object({
    instrumentId: InstrumentIdSchema,
    side: OrderSideSchema,
    quantity: z.number().int().positive(),
    algo: AlgoSchema,
    limitPrice: z.number().positive().optional(),
    /** TWAP and VWAP: how long to spread the order over. */
    durationMs: z
      .number()
      .int()
      .min(1_000)
      .max(7 * 86_400_000)
      .default(60_000),
    /** TWAP and VWAP: how many child orders. */
    slices: z.number().int().min(1).max(1_000).default(10),
    /** POV: our share of the volume traded by others (0.1 = 10 %). */
    participation: z.number().gt(0).max(0.5).default(0.1),
    decisionId: z.string().optional(),
  })
  .strict()
  .refine((s) => s.algo !== 'limit' || s.limitPrice !== undefined, { message: 'a limit algo needs a limit price', path: ['limitPrice'] });
export type ParentOrderSpec = z.infer<typeof ParentOrderSpecSchema>;

export const ScheduledChildSchema = z.object({ at: z.number().int(), quantity: z.number().int().nonnegative() });
export type ScheduledChild = z.infer<typeof ScheduledChildSchema>;
