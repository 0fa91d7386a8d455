import { z } from 'zod';
import { InstrumentIdSchema, InstrumentSchema } from '../domain/instrument.ts';
import { BarSchema } from '../domain/market.ts';
import { defineContract } from './contract.ts';

/** One price level of the ladder; `ours` is our own resting quantity in it. */
export const LadderLevelSchema = z.object({ price: z.number(), quantity: z.number(), orders: z.number().int(), ours: z.number() });
export type LadderLevel = z.infer<typeof LadderLevelSchema>;

export const TapePrintSchema = z.object({
  ts: z.number().int(),
  price: z.number(),
  quantity: z.number(),
  aggressor: z.enum(['buy', 'sell']),
  ours: z.boolean(),
});
export type TapePrint = z.infer<typeof TapePrintSchema>;

/** Instruments, the recorded bars behind the chart, the order book's depth and the tape. */
export const marketContract = defineContract('market', {
  instruments: { input: z.object({}).strict(), output: z.array(InstrumentSchema) },
  bars: {
    input: z.object({ instrumentId: InstrumentIdSchema, limit: z.number().int().min(1).max(10_000).default(500) }).strict(),
    output: z.array(BarSchema),
  },
  depth: {
    input: z.object({ instrumentId: InstrumentIdSchema, levels: z.number().int().min(1).max(50).default(12) }).strict(),
    output: z.object({
      bids: z.array(LadderLevelSchema),
      asks: z.array(LadderLevelSchema),
      ts: z.number().int(),
      /** Whose ladder: the paper exchange's own book, a broker's depth, or only a broker's best bid and ask. */
      source: z.enum(['book', 'depth', 'top']).default('book'),
      /** Why a broker's ladder is its top of book only (IB's refusal of depth, in its words), or null. */
      note: z.string().nullable().default(null),
      /** The broker's data is delayed (no subscription): labelled DELAYED. */
      delayed: z.boolean().default(false),
    }),
  },
  trades: {
    input: z.object({ instrumentId: InstrumentIdSchema, limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.array(TapePrintSchema),
  },
});
