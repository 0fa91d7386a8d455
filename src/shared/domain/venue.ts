import { z } from 'zod';

/** Where a session trades: the simulated exchange, an Interactive Brokers paper account, or a live one. */
export const VenueModeSchema = z.enum(['sim', 'ib-paper', 'ib-live']);
export type VenueMode = z.infer<typeof VenueModeSchema>;

/** A profile's venue: the mode, and where TWS / IB Gateway listens (kept while the mode is sim). */
export const VenueSettingsSchema = z
  .object({
    mode: VenueModeSchema,
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535),
    clientId: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    /** The IB account to trade: required live (the one the trader typed to confirm), optional on paper. */
    account: z
      .string()
      .regex(/^[A-Z]{1,3}\d{3,12}$/, 'an IB account id looks like DU1234567 or U1234567')
      .nullable(),
    /** The US stocks an IB session lists. */
    symbols: z
      .array(z.string().regex(/^[A-Z][A-Z0-9.]{0,11}$/, 'a stock symbol: letters, digits, dots'))
      .min(1)
      .max(50),
  })
  .strict();
export type VenueSettings = z.infer<typeof VenueSettingsSchema>;

/** A new profile trades the simulated market; IB Gateway's paper port and Quorum's own client id are ready for a switch. */
export const DEFAULT_VENUE_SETTINGS: VenueSettings = {
  mode: 'sim',
  host: '127.0.0.1',
  port: 4002,
  clientId: 17,
  account: null,
  symbols: ['AAPL', 'MSFT', 'SPY'],
};

/** What the mode banner says, in its colour class: SIM, PAPER or LIVE. */
export const VENUE_BANNER: Record<VenueMode, 'SIM' | 'PAPER' | 'LIVE'> = { sim: 'SIM', 'ib-paper': 'PAPER', 'ib-live': 'LIVE' };
