import { z } from 'zod';

/** What IB says about a contract (`reqContractDetails`), kept so that sessions and risk use it. */
export const InstrumentDetailsSchema = z.object({
  /** Quorum's id for it, the same in every session: `IB:<SYMBOL>`. */
  id: z.string().min(1),
  conId: z.number().int().positive(),
  symbol: z.string().min(1),
  secType: z.string().min(1),
  exchange: z.string().min(1),
  primaryExchange: z.string(),
  currency: z.string().length(3),
  longName: z.string(),
  /** The price increment (IB's minTick). */
  minTick: z.number().positive(),
  multiplier: z.number().positive(),
  /** IANA or IB time zone of the exchange (US/Eastern …). */
  timeZone: z.string(),
  /** IB's `YYYYMMDD:HHMM-YYYYMMDD:HHMM;…` sessions (CLOSED days said so), in the exchange's time zone. */
  tradingHours: z.string(),
  liquidHours: z.string(),
  resolvedAt: z.number().int(),
});
export type InstrumentDetails = z.infer<typeof InstrumentDetailsSchema>;

/** A candidate of a symbol search (`reqMatchingSymbols`). */
export const SymbolMatchSchema = z.object({
  conId: z.number().int(),
  symbol: z.string(),
  secType: z.string(),
  primaryExchange: z.string(),
  currency: z.string(),
  description: z.string(),
});
export type SymbolMatch = z.infer<typeof SymbolMatchSchema>;
