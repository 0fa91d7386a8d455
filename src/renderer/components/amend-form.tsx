import { useState } from 'react';
import { hasLimitPrice, hasStopPrice, type Order } from '../../shared/domain/orders.ts';
import { useApi } from './api-context.ts';
import { useOrders } from '../state/orders-store.ts';

/** Whether the blotter offers an amend: limit, stop and stop-limit orders (a market order has nothing to change). */
export const isAmendable = (o: Order): boolean => o.type !== 'market';

/** Inline amend of a working order: new total quantity, and the limit and stop prices its type has. */
export function AmendForm(props: { order: Order; onDone: () => void }) {
  const api = useApi();
  const { order } = props;
  const [quantity, setQuantity] = useState(String(order.quantity));
  const [price, setPrice] = useState(String(order.limitPrice ?? ''));
  const [stop, setStop] = useState(String(order.stopPrice ?? ''));
  const send = async () => {
    try {
      await api.orders.amend({
        clientOrderId: order.clientOrderId,
        quantity: Number(quantity),
        ...(hasLimitPrice(order.type) ? { limitPrice: Number(price) } : {}),
        // Sent only when changed: a stop-limit set off already may still change its quantity and limit.
        ...(hasStopPrice(order.type) && Number(stop) !== order.stopPrice ? { stopPrice: Number(stop) } : {}),
      });
      props.onDone();
    } catch (err) {
      useOrders.getState().patch({ lastProblem: (err as Error).message });
    }
  };
  return (
    <span className="amend" onClick={(e) => e.stopPropagation()} data-testid="amend-form">
      <input className="qty" name="quantity" value={quantity} onChange={(e) => setQuantity(e.target.value)} aria-label="New quantity" />
      {hasStopPrice(order.type) && (
        <input className="qty" name="stopPrice" value={stop} onChange={(e) => setStop(e.target.value)} aria-label="New stop price" />
      )}
      {hasLimitPrice(order.type) && (
        <input className="qty" name="limitPrice" value={price} onChange={(e) => setPrice(e.target.value)} aria-label="New limit price" />
      )}
      <button className="btn btn-small" onClick={() => void send()} data-testid="amend-send">
        amend
      </button>
      <button className="btn btn-small" onClick={props.onDone}>
        ×
      </button>
    </span>
  );
}
