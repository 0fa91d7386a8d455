import { join } from 'node:path';
import { peekVenueSettings } from '../agents/store/projections.ts';
import type { IbEndpoint } from '../agents/venues/ibkr/ib-codes.ts';
import { DOWNLOAD_CLIENT_ID } from '../agents/venues/ibkr/ib-history.ts';
import { DEFAULT_VENUE_SETTINGS } from '../shared/domain/venue.ts';
import { DATABASE_FILE, intOption, resolveDataDir } from './cli-options.ts';

/** The options of a command that talks to IB outside a session. */
export const IB_ENDPOINT_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'client-id': { type: 'string' },
  data: { type: 'string' },
} as const;

/**
 * Where such a command connects: the profile's IB settings unless --host / --port are given, as
 * client 901 (a session's engine keeps its own client id connected).
 */
export function ibEndpointFor(values: { host?: string; port?: string; 'client-id'?: string; data?: string }): IbEndpoint {
  const venue = peekVenueSettings(join(resolveDataDir(values.data), DATABASE_FILE)) ?? DEFAULT_VENUE_SETTINGS;
  return {
    host: values.host ?? venue.host,
    port: intOption(values.port, 'port', venue.port, 1, 65_535),
    clientId: intOption(values['client-id'], 'client-id', DOWNLOAD_CLIENT_ID, 0, 2 ** 31 - 1),
  };
}
