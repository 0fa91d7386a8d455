import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useSession } from '../state/session-store.ts';
import { cleanup, fakeEngine, renderWithEngine } from '../test/fake-engine.test-helper.tsx';
import { SessionPanel } from './session-panel.tsx';

afterEach(cleanup);

const info = {
  version: '0.1.0',
  mode: 'paper' as const,
  venueMode: 'ib-paper' as const,
  venue: 'interactive-brokers',
  feed: 'Interactive Brokers',
  seed: 1,
  sessionId: 'paper-1',
  dataFile: '/tmp/quorum.sqlite',
  startedAt: 1_700_000_000_000,
  nativeBook: true,
};
const reconciliation = {
  at: 1_700_000_000_000,
  fillsRecovered: 0,
  ordersClosed: 0,
  ordersStillWorking: 1,
  positions: { 'IB:AAPL': 100 },
  accountSummary: null,
};
const broker = {
  state: 'connected' as const,
  host: '127.0.0.1',
  port: 4002,
  clientId: 31,
  accounts: ['DU7654321'],
  account: 'DU7654321',
  serverVersion: 193,
  detail: 'connected',
  since: 1_700_000_000_000,
  marketDataHalted: null,
};
const typedInTws = {
  permId: 7,
  clientId: 0,
  orderId: 0,
  symbol: 'AAPL',
  side: 'sell' as const,
  quantity: 25,
  orderType: 'LMT',
  limitPrice: 120,
  stopPrice: null,
  status: 'Submitted',
  account: 'DU7654321',
  orderRef: '',
};

describe('the session panel of an IB session', () => {
  it('lists the orders IB works that Quorum did not place, and says they are not managed', () => {
    useSession.setState({ info, broker: { ...broker, lastReconciliation: { ...reconciliation, externalOrders: [typedInTws] } } });
    renderWithEngine(<SessionPanel />, fakeEngine());
    expect(screen.getByText('not placed by Quorum')).toBeTruthy();
    expect(screen.getByText(/SELL 25 AAPL LMT 120 \(TWS, permId 7\) — shown, never managed/)).toBeTruthy();
  });

  it('has no such row when IB works only our orders', () => {
    useSession.setState({ info, broker: { ...broker, lastReconciliation: { ...reconciliation, externalOrders: [] } } });
    renderWithEngine(<SessionPanel />, fakeEngine());
    expect(screen.queryByText('not placed by Quorum')).toBeNull();
    expect(screen.getByText(/IB positions IB:AAPL 100/)).toBeTruthy();
    expect(screen.getByText('flowing')).toBeTruthy();
  });

  it('says why no market data comes while the connection stays up (10197, a competing session)', () => {
    const why = 'IB 10197: No market data during competing live session: another session of this IB login …';
    useSession.setState({ info, broker: { ...broker, marketDataHalted: why, lastReconciliation: null } });
    renderWithEngine(<SessionPanel />, fakeEngine());
    expect(screen.getByText(why)).toBeTruthy();
  });
});
