import { z } from 'zod';
import { PriceSchema, QuantitySchema, TimestampSchema } from './branded.ts';
import { InstrumentIdSchema } from './instrument.ts';

/** One OHLCV bar; `ts` is the bar's opening time, `intervalMs` its length. */
export const BarSchema = z
  .object({
    instrumentId: InstrumentIdSchema,
    intervalMs: z.number().int().positive(),
    ts: TimestampSchema,
    open: PriceSchema,
    high: PriceSchema,
    low: PriceSchema,
    close: PriceSchema,
    volume: QuantitySchema,
  })
  .refine((b) => b.high >= Math.max(b.open, b.close, b.low) && b.low <= Math.min(b.open, b.close), {
    message: 'high must be the highest and low the lowest of open, high, low, close',
  });
export type Bar = z.infer<typeof BarSchema>;

/** Best bid and ask at one moment. */
export const QuoteSchema = z.object({
  instrumentId: InstrumentIdSchema,
  ts: TimestampSchema,
  bid: PriceSchema,
  bidSize: QuantitySchema,
  ask: PriceSchema,
  askSize: QuantitySchema,
  /** A broker's delayed data (IB without a market data subscription): shown labelled DELAYED. */
  delayed: z.boolean().optional(),
});
export type Quote = z.infer<typeof QuoteSchema>;
