import { join } from 'node:path';
import { LiveClock } from '../../agents/engine/live-clock.ts';
import { checkedVenueSwitch, VenueSwitchRefused } from '../../agents/venues/venue-switch.ts';
import { existsSync } from 'node:fs';
import { openCheckedProfile } from '../../agents/store/open-profile.ts';
import { peekVenueSettings, readVenueSettings } from '../../agents/store/projections.ts';
import { DEFAULT_VENUE_SETTINGS, VenueModeSchema, VenueSettingsSchema, type VenueSettings } from '../../shared/domain/venue.ts';
import { CliError } from '../cli-error.ts';
import { intOption } from '../cli-options.ts';

/** The command line's say about the venue: each flag overrides the profile's setting. */
export interface VenueFlags {
  venue?: string | undefined;
  'ib-host'?: string | undefined;
  'ib-port'?: string | undefined;
  'ib-client-id'?: string | undefined;
  'ib-account'?: string | undefined;
  'ib-symbols'?: string | undefined;
  'confirm-live'?: string | undefined;
  'carry-positions'?: boolean | undefined;
}

export const VENUE_FLAG_OPTIONS = {
  venue: { type: 'string' },
  'ib-host': { type: 'string' },
  'ib-port': { type: 'string' },
  'ib-client-id': { type: 'string' },
  'ib-account': { type: 'string' },
  'ib-symbols': { type: 'string' },
  'confirm-live': { type: 'string' },
  'carry-positions': { type: 'boolean' },
} as const;

/**
 * Applies `--venue` and the IB flags to the profile before its engine starts: the guards of the
 * switch (planVenueSwitch), then — when an IB mode is new — a check that TWS or IB Gateway answers
 * with an account of the right kind, then the switch journaled. Returns the venue the engine will use.
 */
export async function switchVenue(dataDir: string, flags: VenueFlags): Promise<VenueSettings | null> {
  const file = join(dataDir, 'quorum.sqlite');
  // Nothing asked: the profile is left to the engine (a damaged one is refused there, untouched).
  if (!Object.keys(VENUE_FLAG_OPTIONS).some((k) => flags[k as keyof VenueFlags] !== undefined))
    return existsSync(file) ? peekVenueSettings(file) : DEFAULT_VENUE_SETTINGS;
  const store = openCheckedProfile(file, (reason) => {
    throw new CliError(`cannot switch the venue: ${reason}`);
  });
  try {
    const current = readVenueSettings(store.db);
    const wanted = wantedSettings(current, flags);
    let event;
    try {
      event = await checkedVenueSwitch(
        store,
        { wanted, confirmLive: flags['confirm-live'], carryPositions: flags['carry-positions'] === true },
        new LiveClock(),
      );
    } catch (err) {
      if (err instanceof VenueSwitchRefused) throw new CliError(`cannot switch: ${err.message}`);
      throw err;
    }
    if (!event) return current;
    store.record(event);
    return event.settings;
  } finally {
    store.close();
  }
}

function wantedSettings(current: VenueSettings, flags: VenueFlags): VenueSettings {
  const mode = flags.venue === undefined ? current.mode : VenueModeSchema.safeParse(flags.venue).data;
  if (!mode) throw new CliError(`--venue must be sim, ib-paper or ib-live, not "${flags.venue}"`);
  const parsed = VenueSettingsSchema.safeParse({
    mode,
    host: flags['ib-host'] ?? current.host,
    port: intOption(flags['ib-port'], 'ib-port', current.port, 1, 65_535),
    clientId: intOption(flags['ib-client-id'], 'ib-client-id', current.clientId, 0, 2 ** 31 - 1),
    account: flags['ib-account'] ?? (mode === current.mode ? current.account : null),
    symbols: flags['ib-symbols'] === undefined ? current.symbols : flags['ib-symbols'].split(',').map((s) => s.trim().toUpperCase()),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`venue settings: ${issue.path.join('.') || 'value'}: ${issue.message}`);
  }
  return parsed.data;
}
