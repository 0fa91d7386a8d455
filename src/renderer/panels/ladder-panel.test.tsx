import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InstrumentSchema } from '../../shared/domain/instrument.ts';
import { EngineEventSchema, type EventOf } from '../../shared/messages/events.ts';
import { marketFeed, useMarket } from '../state/market-store.ts';
import { ordersFeed, useOrders } from '../state/orders-store.ts';
import { riskFeed, useRisk } from '../state/risk-store.ts';
import { cleanup, fakeEngine, giveEveryBoxASize, renderWithEngine } from '../test/fake-engine.test-helper.tsx';
import { LadderPanel } from './ladder-panel.tsx';

const alpha = InstrumentSchema.parse({ id: 'SIM:ALPHA', symbol: 'ALPHA', venue: 'SIM', currency: 'USD', tickSize: 0.01, lotSize: 1 });
const level = (price: number, quantity: number, ours = 0) => ({ price, quantity, orders: 1, ours });

beforeEach(() => {
  useMarket.setState({ instruments: [alpha], selected: alpha.id, depth: {}, bars: {}, tape: {} });
  useOrders.setState({ lastProblem: null });
  useRisk.setState({ banner: null });
});
afterEach(cleanup);
giveEveryBoxASize();
/** The paper exchange's own book: no note, not delayed. */
const OWN_BOOK = { source: 'book', note: null, delayed: false } as const;

describe('the depth ladder', () => {
  it('shows the pushed book of the selected instrument, asks above bids, our quantity marked', async () => {
    renderWithEngine(<LadderPanel />, fakeEngine());
    expect(screen.getByText(/The order book of the selected instrument will appear here/)).toBeTruthy();
    marketFeed.views!.depth!.apply({
      instrumentId: alpha.id,
      ts: 1,
      ...OWN_BOOK,
      bids: [level(99.99, 50, 10)],
      asks: [level(100.01, 70), level(100.02, 30)],
    });
    const rows = [...(await screen.findByTestId('ladder')).querySelectorAll('tbody tr')];
    expect(rows.map((r) => [r.getAttribute('data-side'), r.getAttribute('data-price'), r.getAttribute('data-ours')])).toEqual([
      ['ask', '100.02', '0'],
      ['ask', '100.01', '0'],
      ['bid', '99.99', '10'],
    ]);
  });

  it('says when a broker’s ladder is its top of book only, and labels delayed data', async () => {
    renderWithEngine(<LadderPanel />, fakeEngine());
    marketFeed.views!.depth!.apply({
      instrumentId: alpha.id,
      ts: 1,
      source: 'top',
      note: 'top of book only: IB 10092: Deep market data is not supported for this combination of security/exchange',
      delayed: true,
      bids: [level(99.99, 50)],
      asks: [level(100.01, 70)],
    });
    expect((await screen.findByTestId('ladder')).dataset['source']).toBe('top');
    expect(screen.getByTestId('ladder-source').textContent).toBe(
      'DELAYED top of book only: IB 10092: Deep market data is not supported for this combination of security/exchange',
    );
  });

  it('sends a market order of the typed quantity, and a limit order at a clicked bid', async () => {
    const engine = fakeEngine({ 'orders.submit': () => ({ clientOrderId: 'T-1-1' }) });
    renderWithEngine(<LadderPanel />, engine);
    marketFeed.views!.depth!.apply({ instrumentId: alpha.id, ts: 1, ...OWN_BOOK, bids: [level(99.99, 50)], asks: [level(100.01, 70)] });
    fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '250' } });
    fireEvent.click(screen.getByTestId('buy-market'));
    const bid = (await screen.findByTestId('ladder')).querySelector('tr[data-side=bid] td:nth-child(2)')!;
    fireEvent.click(bid);
    expect(engine.calls.map((c) => c.params)).toEqual([
      { instrumentId: 'SIM:ALPHA', side: 'buy', quantity: 250, type: 'market', timeInForce: 'ioc' },
      { instrumentId: 'SIM:ALPHA', side: 'buy', quantity: 250, type: 'limit', limitPrice: 99.99, timeInForce: 'gtc' },
    ]);
  });

  it('sends a stop-limit from the order ticket, with its stop, limit, time in force and outside-hours flag', async () => {
    const engine = fakeEngine({ 'orders.submit': () => ({ clientOrderId: 'T-1-1' }) });
    renderWithEngine(<LadderPanel />, engine);
    fireEvent.click(screen.getByTestId('order-open'));
    const dialog = await screen.findByTestId('order-dialog');
    const set = (name: string, value: string) => fireEvent.change(dialog.querySelector(`[name=${name}]`)!, { target: { value } });
    set('side', 'sell');
    set('type', 'stop_limit');
    // GTC stays; IOC is not offered for a stop (it waits for its stop).
    expect([...dialog.querySelectorAll('[name=timeInForce] option')].map((o) => o.textContent)).toEqual(['GTC', 'DAY']);
    set('stopPrice', 'x');
    expect(dialog.textContent).toMatch(/a positive number/);
    expect((screen.getByTestId('order-send') as HTMLButtonElement).disabled).toBe(true);
    set('stopPrice', '99.5');
    set('limitPrice', '99.4');
    set('timeInForce', 'day');
    fireEvent.click(dialog.querySelector('[name=outsideRth]')!);
    fireEvent.click(screen.getByTestId('order-send'));
    await waitFor(() => expect(screen.queryByTestId('order-dialog')).toBeNull());
    expect(engine.calls.map((c) => c.params)).toEqual([
      {
        instrumentId: 'SIM:ALPHA',
        side: 'sell',
        type: 'stop_limit',
        quantity: 100,
        stopPrice: 99.5,
        limitPrice: 99.4,
        timeInForce: 'day',
        outsideRth: true,
      },
    ]);
  });

  it('keeps the order ticket open with the engine’s reason when the order is refused', async () => {
    const engine = fakeEngine({
      'orders.submit': () => {
        throw new Error('quantity: 0.5 is not a whole number of lots');
      },
    });
    renderWithEngine(<LadderPanel />, engine);
    fireEvent.click(screen.getByTestId('order-open'));
    const dialog = await screen.findByTestId('order-dialog');
    fireEvent.change(dialog.querySelector('[name=type]')!, { target: { value: 'market' } });
    fireEvent.click(screen.getByTestId('order-send'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/not a whole number of lots/);
    expect(screen.getByTestId('order-dialog')).toBeTruthy();
  });

  it('refuses to send a quantity that is not a whole positive number', () => {
    const engine = fakeEngine();
    renderWithEngine(<LadderPanel />, engine);
    fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '2.5' } });
    expect((screen.getByTestId('buy-market') as HTMLButtonElement).disabled).toBe(true);
    expect(engine.calls).toEqual([]);
  });

  it('says why an order was denied, with its numbers, above the ticket and in the banner', async () => {
    renderWithEngine(<LadderPanel />, fakeEngine());
    const denied = EngineEventSchema.parse({
      type: 'OrderDenied',
      tsEvent: 1_700_000_000_000,
      tsInit: 1_700_000_000_000,
      source: 'risk.manager',
      clientOrderId: 'T-1-2',
      reasonCode: 'MAX_ORDER_QUANTITY',
      detail: { side: 'buy', quantity: 50_000, instrumentId: 'SIM:ALPHA', limit: 10_000 },
    }) as EventOf<'OrderDenied'>;
    ordersFeed.events!.OrderDenied!([denied]);
    riskFeed.events!.OrderDenied!([denied]);
    expect((await screen.findByTestId('order-problem')).textContent).toMatch(/50000.*limit 10000/);
    expect(useRisk.getState().banner?.code).toBe('OrderDenied');
  });
});
