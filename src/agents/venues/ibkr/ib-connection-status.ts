import type { IbEndpoint } from './ib-codes.ts';
import type { BrokerConnection } from '../../../shared/contracts/system.contract.ts';

/** The IB connection as the trader sees it (the connection panel, `system.info`). */
export interface IbConnectionStatus {
  state: 'connecting' | 'waiting-for-login' | 'client-id-in-use' | 'reconciling' | 'connected' | 'ib-servers-lost' | 'refused';
  endpoint: IbEndpoint;
  /** The accounts this login manages, and the one this session trades (null until checked, or refused). */
  accounts: string[];
  account: string | null;
  serverVersion: number | null;
  /** One line: what is happening and, when something is wrong, what to do. */
  detail: string;
  since: number;
  /**
   * Why IB sends this connection no market data while it stays connected (10197: another session of
   * the same login — TWS elsewhere, the mobile app — competes for it), or null. Orders still go out.
   */
  marketDataHalted: string | null;
  lastReconciliation: BrokerConnection['lastReconciliation'];
}

const ET = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });

/**
 * IB restarts its servers and TWS / IB Gateway every night: the reset runs in a window around
 * 23:45–00:45 US Eastern (North America). A connection lost then is expected, not an alarm.
 */
export function inNightlyRestartWindow(ts: number): boolean {
  const parts = Object.fromEntries(ET.formatToParts(ts).map((p) => [p.type, p.value]));
  const minutes = Number(parts['hour']) * 60 + Number(parts['minute']);
  return minutes >= 23 * 60 + 30 || minutes < 60;
}

/** The one-line explanation of a state that is not an IB message of its own. */
export function describeConnection(state: IbConnectionStatus['state'], endpoint: IbEndpoint, now: number, ibText = ''): string {
  const where = `${endpoint.host}:${endpoint.port}`;
  if (state === 'waiting-for-login')
    return `${where} accepted the connection but does not answer: log in to IB Gateway (it waits for its second-factor login)`;
  if (state === 'ib-servers-lost')
    return inNightlyRestartWindow(now)
      ? `IB's nightly restart window: TWS lost IB's servers and will reconnect when it is over (${ibText})`
      : `TWS lost its connection to IB's servers; orders cannot go out until it is back (${ibText})`;
  return inNightlyRestartWindow(now)
    ? `reconnecting to ${where} (IB's nightly restart window: expected)`
    : `connecting to ${where} (TWS or IB Gateway, API port ${endpoint.port})`;
}
