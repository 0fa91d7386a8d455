import { z } from 'zod';

export const InstrumentIdSchema = z.string().min(1).max(64).brand<'InstrumentId'>();
export type InstrumentId = z.infer<typeof InstrumentIdSchema>;

/** Something that can be traded at one venue, with the steps its prices and sizes move in. */
export const InstrumentSchema = z.object({
  id: InstrumentIdSchema,
  symbol: z.string().min(1),
  venue: z.string().min(1),
  currency: z.string().length(3),
  tickSize: z.number().positive(),
  lotSize: z.number().positive(),
  /** The exchange's IANA time zone, where known (an IB stock resolved through IB): the chart shows its time. */
  timeZone: z.string().min(1).optional(),
});
export type Instrument = z.infer<typeof InstrumentSchema>;
