import { z } from 'zod';
import { PriceSchema, QuantitySchema } from './branded.ts';
import { InstrumentIdSchema } from './instrument.ts';

/** A net position in one instrument. `quantity` is unsigned; `side` says long or short. */
export const PositionSchema = z.object({
  instrumentId: InstrumentIdSchema,
  side: z.enum(['long', 'short', 'flat']),
  quantity: QuantitySchema,
  averagePrice: PriceSchema,
  realizedPnl: z.number().finite(),
  unrealizedPnl: z.number().finite(),
});
export type Position = z.infer<typeof PositionSchema>;
