import { z } from 'zod';
import { VenueSettingsSchema } from '../domain/venue.ts';
import { defineContract } from './contract.ts';

/** The profile's venue: SIM, IB paper or IB live, and where TWS / IB Gateway listens. */
export const venueContract = defineContract('venue', {
  settings: { input: z.object({}).strict(), output: VenueSettingsSchema },
  /**
   * Switches the profile (or changes where it connects): the switch's guards, a check at IB for a
   * new IB mode, the switch journaled, then the engine restarts on it (agents trading off).
   */
  switch: {
    input: z
      .object({
        settings: VenueSettingsSchema,
        /** Live only: the live account, typed to confirm. */
        confirmLive: z.string().optional(),
        /** The positions held are carried into the new mode. */
        carryPositions: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ switched: z.boolean(), message: z.string() }),
  },
});
