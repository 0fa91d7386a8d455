import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RISK_LIMITS } from '../../shared/domain/risk.ts';
import { DEFAULT_VENUE_SETTINGS, type VenueSettings } from '../../shared/domain/venue.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import { readVenueSettings } from '../store/projections.ts';
import { Store } from '../store/store.ts';
import { tempDir } from '../store/store-fixtures.ts';
import { planVenueSwitch } from './venue-switch.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);
let n = 0;
const T = 1_765_000_000_000;
const at = { tsEvent: T, tsInit: T, source: 'test' };
const paper: VenueSettings = { ...DEFAULT_VENUE_SETTINGS, mode: 'ib-paper' };
const live: VenueSettings = { ...DEFAULT_VENUE_SETTINGS, mode: 'ib-live', port: 4001 };

function profile() {
  return Store.open(tmp.file(`switch-${n++}.sqlite`));
}

function order(store: Store, id: string, fill: number | null) {
  const o = {
    clientOrderId: id,
    instrumentId: 'SIM:ALPHA',
    side: 'buy',
    type: 'market',
    quantity: 10,
    timeInForce: 'ioc',
    status: 'submitted',
    filledQuantity: 0,
    createdAt: T,
  };
  const events = [
    { type: 'OrderSubmitted', ...at, order: o },
    { type: 'OrderAccepted', ...at, clientOrderId: id, venueOrderId: id },
    ...(fill === null
      ? []
      : [
          {
            type: 'OrderFilled',
            ...at,
            fill: {
              fillId: `${id}-1`,
              clientOrderId: id,
              instrumentId: 'SIM:ALPHA',
              side: 'buy',
              price: fill,
              quantity: 10,
              fee: 0,
              ts: T,
            },
            leavesQuantity: 0,
          },
        ]),
  ];
  for (const e of events) store.record(e as EngineEvent);
}

/** Records what the planner returns, as `quorum serve` does. */
function apply(store: Store, request: Parameters<typeof planVenueSwitch>[1]) {
  const event = planVenueSwitch(store, request, T);
  if (event) store.record(event);
  return event;
}

describe('switching a profile between the simulated market, IB paper and IB live', () => {
  it('journals a switch, keeps it for the next start, and journals nothing when the mode does not change', () => {
    const store = profile();
    expect(readVenueSettings(store.db)).toEqual(DEFAULT_VENUE_SETTINGS);
    expect(apply(store, { wanted: DEFAULT_VENUE_SETTINGS })).toBeNull();
    expect(apply(store, { wanted: paper })).toMatchObject({ type: 'VenueSwitched', from: 'sim', settings: paper, carriedPositions: {} });
    expect(readVenueSettings(store.db)).toEqual(paper);
    expect(apply(store, { wanted: paper })).toBeNull();
    store.close();
  });

  it('refuses while orders are open, and carries positions only when the trader says so', () => {
    const store = profile();
    order(store, 'open-1', null);
    expect(() => planVenueSwitch(store, { wanted: paper }, T)).toThrow('1 order(s) are open on the simulated market (open-1)');
    store.record({ type: 'OrderCanceled', ...at, clientOrderId: 'open-1', leavesQuantity: 10 as never, reason: 'test' });
    order(store, 'filled-1', 100);
    expect(() => planVenueSwitch(store, { wanted: paper }, T)).toThrow('positions are held (SIM:ALPHA 10)');
    expect(apply(store, { wanted: paper, carryPositions: true })).toMatchObject({ carriedPositions: { 'SIM:ALPHA': 10 } });
    store.close();
  });

  it('goes live only with the live account typed and the risk limits saved since the last switch', () => {
    const store = profile();
    expect(() => planVenueSwitch(store, { wanted: live }, T)).toThrow('--confirm-live ACCOUNT');
    expect(() => planVenueSwitch(store, { wanted: { ...live, account: 'U111111' }, confirmLive: 'U222222' }, T)).toThrow(
      'does not match the account to trade (U111111)',
    );
    expect(() => planVenueSwitch(store, { wanted: live, confirmLive: 'U111111' }, T)).toThrow('review the risk limits');
    store.record({ type: 'RiskLimitsChanged', ...at, limits: DEFAULT_RISK_LIMITS });
    expect(apply(store, { wanted: live, confirmLive: 'U111111' })).toMatchObject({ settings: { mode: 'ib-live', account: 'U111111' } });
    // Back to paper and live again: the limits must be saved again after that switch.
    apply(store, { wanted: paper });
    expect(() => planVenueSwitch(store, { wanted: live, confirmLive: 'U111111' }, T)).toThrow('review the risk limits');
    store.close();
  });
});
