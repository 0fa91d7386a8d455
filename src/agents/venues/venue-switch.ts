import type { VenueMode, VenueSettings } from '../../shared/domain/venue.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import { readHoldings } from '../store/portfolio-projections.ts';
import { lastJournaled, readOpenOrders, readVenueSettings } from '../store/projections.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from '../engine/clock.ts';
import { checkIbConnection } from './ibkr/ib-check.ts';
import { checkAccount } from './ibkr/ib-connection.ts';

/** What the trader asked for, and what they confirmed. */
export interface VenueSwitchRequest {
  /** The venue settings wanted (the profile's, with the command line's overrides). */
  wanted: VenueSettings;
  /** Live only: the account id typed to confirm (`--confirm-live ACCOUNT`). */
  confirmLive?: string | undefined;
  /** The positions held now are carried into the new mode (`--carry-positions`). */
  carryPositions?: boolean;
}

/** A switch the guards refuse: the message says what to do. */
export class VenueSwitchRefused extends Error {}

const same = (a: VenueSettings, b: VenueSettings) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The guards of the paper/live switch, read from the profile's journal: none for coming back in
 * the same mode; no open orders across a change of mode; the positions held acknowledged;
 * going live only with the live account typed to confirm and the risk limits saved since the last
 * switch. Returns the event to journal (null when nothing changes), or throws VenueSwitchRefused.
 */
export function planVenueSwitch(store: Store, request: VenueSwitchRequest, now: number): EventOf<'VenueSwitched'> | null {
  const current = readVenueSettings(store.db);
  const wanted = request.wanted;
  if (same(current, wanted)) return null;
  const modeChanges = current.mode !== wanted.mode;
  const holdings = [...readHoldings(store.db)].filter(([, h]) => h.quantity !== 0);
  if (modeChanges) {
    const open = readOpenOrders(store.db);
    if (open.length > 0)
      throw new VenueSwitchRefused(
        `${open.length} order(s) are open on ${label(current.mode)} (${open
          .slice(0, 3)
          .map((o) => o.clientOrderId)
          .join(', ')}${open.length > 3 ? ', …' : ''}): cancel them before switching to ${label(wanted.mode)}`,
      );
    if (holdings.length > 0 && !request.carryPositions)
      throw new VenueSwitchRefused(
        `positions are held (${holdings.map(([id, h]) => `${id} ${h.quantity}`).join(', ')}): switching to ${label(wanted.mode)} carries them across; say so with --carry-positions, or close them first`,
      );
  }
  if (wanted.mode === 'ib-live' && (modeChanges || current.account !== wanted.account)) {
    if (!request.confirmLive)
      throw new VenueSwitchRefused('going live needs the live account typed to confirm: --confirm-live ACCOUNT (e.g. U1234567)');
    if (wanted.account !== null && wanted.account !== request.confirmLive)
      throw new VenueSwitchRefused(`--confirm-live ${request.confirmLive} does not match the account to trade (${wanted.account})`);
    if (lastJournaled(store.db, 'RiskLimitsChanged') <= lastJournaled(store.db, 'VenueSwitched'))
      throw new VenueSwitchRefused(
        'review the risk limits before going live: open the Risk panel, check each limit and save them (they have not been saved since the last switch)',
      );
  }
  const settings = wanted.mode === 'ib-live' ? { ...wanted, account: request.confirmLive ?? wanted.account } : wanted;
  return {
    type: 'VenueSwitched',
    tsEvent: now,
    tsInit: now,
    source: 'trader',
    from: current.mode,
    settings,
    carriedPositions: modeChanges ? Object.fromEntries(holdings.map(([id, h]) => [id, h.quantity])) : {},
  };
}

/**
 * The switch as the trader asks for it (from the CLI or the UI): the guards, then — when an IB mode
 * is new — a check that TWS or IB Gateway answers with an account this mode may trade. Returns the
 * event to journal (null: nothing changes); throws VenueSwitchRefused with what to do.
 */
export async function checkedVenueSwitch(
  store: Store,
  request: VenueSwitchRequest,
  clock: Clock,
): Promise<EventOf<'VenueSwitched'> | null> {
  const event = planVenueSwitch(store, request, clock.now());
  if (!event || event.settings.mode === 'sim' || event.settings.mode === event.from) return event;
  const s = event.settings;
  // A client id of its own for the check, so the session's id is free when the engine connects.
  const result = await checkIbConnection({ host: s.host, port: s.port, clientId: s.clientId + 1 }, clock, {
    timeoutMs: 10_000,
    settleMs: 0,
  });
  if (!result.ok) throw new VenueSwitchRefused(`cannot reach IB for ${label(s.mode)}: ${result.reason}`);
  const problem = checkAccount(
    { kind: s.mode === 'ib-live' ? 'live' : 'paper', ...(s.account ? { accountId: s.account } : {}) },
    result.report.accounts.map((a) => a.id),
  );
  if (problem) throw new VenueSwitchRefused(problem);
  return event;
}

function label(mode: VenueMode): string {
  return mode === 'sim' ? 'the simulated market' : mode === 'ib-paper' ? 'IB paper' : 'IB live';
}
