import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OrderSchema, FillSchema } from '../../../shared/domain/orders.ts';
import { ordersFeed, useOrders } from '../../state/orders-store.ts';
import { cleanup, fakeEngine, giveEveryBoxASize, renderWithEngine } from '../../test/fake-engine.test-helper.tsx';
import { BlotterPanel } from './blotter-panel.tsx';

const order = OrderSchema.parse({
  clientOrderId: 'T-1-1',
  instrumentId: 'SIM:ALPHA',
  side: 'buy',
  type: 'limit',
  quantity: 100,
  limitPrice: 99.5,
  timeInForce: 'gtc',
  status: 'accepted',
  filledQuantity: 0,
  createdAt: 1_700_000_000_000,
});
const fill = (n: number) =>
  FillSchema.parse({
    fillId: `T-0-1-${n}`,
    clientOrderId: 'T-0-1',
    instrumentId: 'SIM:ALPHA',
    side: 'sell',
    quantity: 10 * n,
    price: 100 + n,
    fee: 0.25,
    ts: 1_700_000_000_000 + n * 1_000,
  });

giveEveryBoxASize();
beforeEach(() => useOrders.setState({ open: [], fills: [], parents: [], lastProblem: null }));
afterEach(cleanup);

describe('the blotter', () => {
  it('says what will appear in an empty tab', () => {
    renderWithEngine(<BlotterPanel />, fakeEngine());
    expect(screen.getByText(/No open orders\. Orders placed from the ladder or by the agents/)).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Fills' }));
    expect(screen.getByText(/No fills yet/)).toBeTruthy();
  });

  it('lists the open orders the engine pushes and cancels one through the orders service', async () => {
    const engine = fakeEngine({ 'orders.cancel': () => ({ sent: true }) });
    renderWithEngine(<BlotterPanel />, engine);
    ordersFeed.views!.orders!.apply({ open: [order], fills: [], parents: [] });
    expect(await screen.findByRole('tab', { name: 'Orders (1)' })).toBeTruthy();
    expect(screen.getByTitle('T-1-1')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'cancel' }));
    expect(engine.calls).toEqual([{ method: 'orders.cancel', params: { clientOrderId: 'T-1-1' } }]);
  });

  it('lists fills newest first', async () => {
    renderWithEngine(<BlotterPanel />, fakeEngine());
    ordersFeed.views!.orders!.apply({ open: [], fills: [fill(1), fill(2)], parents: [] });
    fireEvent.click(screen.getByRole('tab', { name: 'Fills' }));
    const rows = (await screen.findByTestId('fills')).querySelectorAll('tbody tr');
    const prices = [...rows].map((r) => r.querySelectorAll('td')[5]?.textContent).filter(Boolean);
    expect(prices).toEqual(['102', '101']);
  });
});
