import { z } from 'zod';
import { InstrumentSchema } from '../domain/instrument.ts';
import { InstrumentDetailsSchema, SymbolMatchSchema } from '../domain/instrument-details.ts';
import { defineContract } from './contract.ts';

/** A symbol as IB knows it: letters, digits and dots. */
const SymbolSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9.]{0,11}$/, 'a stock symbol: letters, digits, dots');

/** The workstation's symbol search: the session's instruments, and IB's stocks to add. */
export const instrumentsContract = defineContract('instruments', {
  search: {
    input: z.object({ text: z.string().trim().min(1).max(24) }).strict(),
    output: z.object({
      /** The session's instruments whose symbol or id contains the text (the simulator's, a replay's, IB's). */
      session: z.array(InstrumentSchema),
      /** IB's matches (`reqMatchingSymbols`), stocks only. */
      ib: z.array(SymbolMatchSchema),
      /** Why IB could not be asked (nothing listening, …), or null. */
      ibError: z.string().nullable(),
    }),
  },
  /**
   * Resolves a stock through IB, keeps its details in the profile, and adds it to the IB session's
   * symbols (journaled as a venue change; an IB session restarts on it).
   */
  add: {
    input: z
      .object({
        symbol: SymbolSchema,
        exchange: z.string().trim().toUpperCase().min(1).max(12).default('SMART'),
        currency: z.string().trim().toUpperCase().length(3).default('USD'),
      })
      .strict(),
    output: z.object({ details: InstrumentDetailsSchema, message: z.string() }),
  },
});
