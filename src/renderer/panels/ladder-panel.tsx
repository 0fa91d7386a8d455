import { HeaderRow } from '../components/header-row.tsx';
import { useState } from 'react';
import type { LadderLevel } from '../../shared/contracts/market.contract.ts';
import { useApi } from '../components/api-context.ts';
import { EmptyState, Panel } from '../components/panel.tsx';
import { reportError } from '../state/session-store.ts';
import { useMarket } from '../state/market-store.ts';
import { useOrders } from '../state/orders-store.ts';
import { useSession } from '../state/session-store.ts';
import { AlgoDialog } from '../components/algo-dialog.tsx';
import { OrderDialog } from '../components/order-dialog.tsx';
import { RecentBars } from './recent-bars.tsx';

/**
 * The depth ladder of the selected instrument: asks above, bids below, our resting quantity marked
 * beside each level. Clicking a bid or ask size places a limit order at that price; the buttons
 * send market orders, or open a ticket with every order type (stops among them) or an algorithm. Every order goes through the engine's pre-trade gate.
 */
export function LadderPanel() {
  const api = useApi();
  const selected = useMarket((s) => s.selected);
  const depth = useMarket((s) => (s.selected ? s.depth[s.selected] : undefined));
  const problem = useOrders((s) => s.lastProblem);
  const feed = useSession((s) => s.info?.feed);
  const [qty, setQty] = useState('100');
  const [algo, setAlgo] = useState(false);
  const [ticket, setTicket] = useState(false);
  const quantity = Number(qty);
  const qtyOk = Number.isInteger(quantity) && quantity > 0;

  const send = (side: 'buy' | 'sell', limitPrice?: number) => {
    if (!selected || !qtyOk) return;
    useOrders.getState().patch({ lastProblem: null });
    const ticket =
      limitPrice === undefined
        ? { type: 'market' as const, timeInForce: 'ioc' as const }
        : { type: 'limit' as const, limitPrice, timeInForce: 'gtc' as const };
    api.orders.submit({ instrumentId: selected, side, quantity, ...ticket }).catch(reportError);
  };

  const actions = (
    <div className="ticket">
      <input
        aria-label="Quantity"
        className={qtyOk ? 'qty' : 'qty invalid'}
        value={qty}
        onChange={(e) => setQty(e.target.value)}
        title="Order quantity"
      />
      <button className="btn btn-buy" disabled={!qtyOk} onClick={() => send('buy')} data-testid="buy-market">
        Buy mkt
      </button>
      <button className="btn btn-sell" disabled={!qtyOk} onClick={() => send('sell')} data-testid="sell-market">
        Sell mkt
      </button>
      <button
        className="btn"
        disabled={!selected}
        onClick={() => setTicket(true)}
        data-testid="order-open"
        title="An order of any type: market, limit, stop, stop-limit"
      >
        Order…
      </button>
      <button
        className="btn"
        disabled={!selected}
        onClick={() => setAlgo(true)}
        data-testid="algo-open"
        title="Work an order with TWAP, VWAP, POV…"
      >
        Algo…
      </button>
      <button className="btn" onClick={() => api.orders.cancelAll({}).catch(reportError)} title="Cancel all open orders">
        Cancel all
      </button>
      {algo && selected && <AlgoDialog instrumentId={selected} onClose={() => setAlgo(false)} />}
      {ticket && selected && <OrderDialog instrumentId={selected} quantity={qty} onClose={() => setTicket(false)} />}
    </div>
  );
  // Rows are keyed by their place in the ladder: a price move changes their text, it does not rebuild them.
  const row = (level: LadderLevel, side: 'bid' | 'ask', place: number) => (
    <tr key={`${side}${place}`} className={`ladder-${side}`} data-side={side} data-price={level.price} data-ours={level.ours}>
      <td className="ours">{side === 'bid' && level.ours > 0 ? level.ours : ''}</td>
      <td
        className="size bid-size clickable"
        onClick={() => side === 'bid' && send('buy', level.price)}
        title={side === 'bid' ? `Buy ${qty} at ${level.price}` : ''}
      >
        {side === 'bid' ? level.quantity : ''}
      </td>
      <td className="price">{level.price.toFixed(2)}</td>
      <td
        className="size ask-size clickable"
        onClick={() => side === 'ask' && send('sell', level.price)}
        title={side === 'ask' ? `Sell ${qty} at ${level.price}` : ''}
      >
        {side === 'ask' ? level.quantity : ''}
      </td>
      <td className="ours">{side === 'ask' && level.ours > 0 ? level.ours : ''}</td>
    </tr>
  );
  return (
    <Panel title="Depth" id="ladder" area="ladder" actions={actions}>
      {problem && (
        <p className="problem" role="alert" data-testid="order-problem">
          {problem}
        </p>
      )}
      {!depth ? (
        <EmptyState>The order book of the selected instrument will appear here: asks above, bids below, our orders marked.</EmptyState>
      ) : depth.bids.length + depth.asks.length === 0 ? (
        feed?.startsWith('Replay') ? (
          <>
            <EmptyState>
              No order book: this market is a bars-only replay. Orders fill against the next bar (market at its open, limits when the bar
              reaches them). Its latest bars:
            </EmptyState>
            <RecentBars />
          </>
        ) : (
          <EmptyState>The book is empty right now.</EmptyState>
        )
      ) : (
        <>
          {(depth.delayed || depth.note) && (
            <p className="note ladder-source" data-testid="ladder-source">
              {depth.delayed && <span className="badge warn">DELAYED</span>} {depth.note}
            </p>
          )}
          <table className="grid-table ladder" data-testid="ladder" data-source={depth.source}>
            <thead>
              <HeaderRow columns={['ours', 'bid', 'price', 'ask', 'ours']} />
            </thead>
            <tbody>
              {[...depth.asks].reverse().map((l, i) => row(l, 'ask', depth.asks.length - 1 - i))}
              {depth.bids.map((l, i) => row(l, 'bid', i))}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
}
