import { z } from 'zod';
import { InstrumentIdSchema, InstrumentSchema } from '../domain/instrument.ts';
import { BarSchema } from '../domain/market.ts';
import { defineContract } from './contract.ts';

/** Instruments and the recorded bars behind the chart. */
export const marketContract = defineContract('market', {
  instruments: { input: z.object({}).strict(), output: z.array(InstrumentSchema) },
  bars: {
    input: z.object({ instrumentId: InstrumentIdSchema, limit: z.number().int().min(1).max(10_000).default(500) }).strict(),
    output: z.array(BarSchema),
  },
});
