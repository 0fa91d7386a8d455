import { useState } from 'react';
import type { Order } from '../../shared/domain/orders.ts';
import { useApi } from './api-context.ts';
import { useOrders } from '../state/orders-store.ts';

/** Inline amend of a working limit order: new total quantity and/or limit price. */
export function AmendForm(props: { order: Order; onDone: () => void }) {
  const api = useApi();
  const [quantity, setQuantity] = useState(String(props.order.quantity));
  const [price, setPrice] = useState(String(props.order.limitPrice ?? ''));
  const send = async () => {
    try {
      await api.orders.amend({ clientOrderId: props.order.clientOrderId, quantity: Number(quantity), limitPrice: Number(price) });
      props.onDone();
    } catch (err) {
      useOrders.getState().patch({ lastProblem: (err as Error).message });
    }
  };
  return (
    <span className="amend" onClick={(e) => e.stopPropagation()} data-testid="amend-form">
      <input className="qty" name="quantity" value={quantity} onChange={(e) => setQuantity(e.target.value)} aria-label="New quantity" />
      <input className="qty" name="limitPrice" value={price} onChange={(e) => setPrice(e.target.value)} aria-label="New limit price" />
      <button className="btn btn-small" onClick={() => void send()} data-testid="amend-send">
        amend
      </button>
      <button className="btn btn-small" onClick={props.onDone}>
        ×
      </button>
    </span>
  );
}
