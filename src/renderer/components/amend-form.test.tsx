import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { OrderSchema, type Order } from '../../shared/domain/orders.ts';
import { cleanup, fakeEngine, renderWithEngine } from '../test/fake-engine.test-helper.tsx';
import { AmendForm, isAmendable } from './amend-form.tsx';

afterEach(cleanup);

const order = (over: Partial<Order>): Order =>
  OrderSchema.parse({
    clientOrderId: 'T-1-1',
    instrumentId: 'SIM:ALPHA',
    side: 'sell',
    type: 'limit',
    quantity: 100,
    limitPrice: 101,
    timeInForce: 'gtc',
    status: 'accepted',
    filledQuantity: 0,
    createdAt: 1,
    ...over,
  });

describe('the blotter’s amend form', () => {
  it('offers a stop order its stop price and no limit price, and sends only what the type has', async () => {
    const engine = fakeEngine({ 'orders.amend': () => ({ sent: true }) });
    let done = 0;
    const stop = order({ type: 'stop', limitPrice: undefined, stopPrice: 95 as never });
    renderWithEngine(<AmendForm order={stop} onDone={() => done++} />, engine);
    expect(screen.queryByLabelText('New limit price')).toBeNull();
    fireEvent.change(screen.getByLabelText('New stop price'), { target: { value: '94.5' } });
    fireEvent.click(screen.getByTestId('amend-send'));
    await waitFor(() => expect(done).toBe(1));
    expect(engine.calls.map((c) => [c.method, c.params])).toEqual([
      ['orders.amend', { clientOrderId: 'T-1-1', quantity: 100, stopPrice: 94.5 }],
    ]);
  });

  it('sends a stop-limit’s new limit and quantity without its stop when the stop is unchanged (it may be set off already)', async () => {
    const engine = fakeEngine({ 'orders.amend': () => ({ sent: true }) });
    let done = 0;
    renderWithEngine(
      <AmendForm order={order({ type: 'stop_limit', stopPrice: 95 as never, limitPrice: 94 as never })} onDone={() => done++} />,
      engine,
    );
    fireEvent.change(screen.getByLabelText('New quantity'), { target: { value: '60' } });
    fireEvent.change(screen.getByLabelText('New limit price'), { target: { value: '93.9' } });
    fireEvent.click(screen.getByTestId('amend-send'));
    await waitFor(() => expect(done).toBe(1));
    expect(engine.calls.map((c) => c.params)).toEqual([{ clientOrderId: 'T-1-1', quantity: 60, limitPrice: 93.9 }]);
    expect([isAmendable(order({})), isAmendable(order({ type: 'market', limitPrice: undefined }))]).toEqual([true, false]);
  });
});
