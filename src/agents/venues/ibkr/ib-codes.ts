/** Where Quorum connects to TWS or IB Gateway: host, API port and this connection's client id. */
export interface IbEndpoint {
  host: string;
  port: number;
  clientId: number;
}

/**
 * Paper or live, from the account id. IB's paper trading accounts have ids beginning with "D"
 * (`DU…` for an individual paper account, `DF…` for an advisor's); live ones begin with "U"
 * (individual) or "F" (advisor) and others. Quorum relies on that first letter and nothing else.
 */
export function accountKind(accountId: string): 'paper' | 'live' {
  return accountId.startsWith('D') ? 'paper' : 'live';
}

/** The connection's codes and what they mean to a trader (TWS's own text is kept beside). */
export const IB_CONNECTION_CODES: Readonly<Record<number, string>> = {
  326: 'the client id is in use by another connection',
  502: 'nothing is listening on the API port',
  1100: 'connection between TWS and IB servers lost',
  1101: 'connection restored, market data subscriptions lost',
  1102: 'connection restored, market data kept',
  2103: 'a market data farm is disconnected',
  2104: 'a market data farm is connected',
  2105: 'a historical data farm is disconnected',
  2106: 'a historical data farm is connected',
  2110: 'connectivity between TWS and IB servers is broken',
  2158: 'the security definition farm is connected',
  10197: 'another session (TWS or the mobile app) competes for market data',
};

/** Says in one line what to do about a connection that failed (`code` as IB sent it, if any). */
export function describeConnectFailure(endpoint: IbEndpoint, code: number | null, text: string): string {
  const where = `${endpoint.host}:${endpoint.port}`;
  if (code === 502) return `nothing is listening on ${where}: is TWS or IB Gateway running, with the API enabled on port ${endpoint.port}?`;
  if (code === 326) return `client id ${endpoint.clientId} is already in use on ${where}: choose another (--client-id N)`;
  if (code === null) return text;
  return `${where} refused the API (${code}): ${text}`;
}
