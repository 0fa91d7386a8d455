import { useState } from 'react';
import { AmendForm, isAmendable } from '../../components/amend-form.tsx';
import { useApi } from '../../components/api-context.ts';
import { openTrace } from '../../components/decision-card.tsx';
import { formatTime, orderPricing } from '../../components/format.ts';
import { HeaderRow } from '../../components/header-row.tsx';
import { EmptyState } from '../../components/panel.tsx';
import { VirtualRows } from '../../components/virtual-rows.tsx';
import { useOrders } from '../../state/orders-store.ts';
import { reportError } from '../../state/session-store.ts';
import { OrderId } from './order-id.tsx';

/** Open orders, with amend (limit and stop orders) and cancel; a click opens the order's decision card. */
export function OpenOrdersTab() {
  const api = useApi();
  const open = useOrders((s) => s.open);
  const [amending, setAmending] = useState<string | null>(null);
  if (!open.length) {
    return (
      <EmptyState>
        No open orders. Orders placed from the ladder or by the agents are listed here until they fill or are canceled.
      </EmptyState>
    );
  }
  return (
    <VirtualRows
      testId="open-orders"
      rows={open}
      rowKey={(o) => o.clientOrderId}
      header={<HeaderRow columns={['time', 'order', 'instrument', 'side', 'qty', 'filled', 'price', 'status', '']} />}
      row={(o) => (
        <tr key={o.clientOrderId} className="clickable-row" onClick={() => void openTrace(api, { clientOrderId: o.clientOrderId })}>
          <td>{formatTime(o.createdAt)}</td>
          <td className="mono">
            <OrderId id={o.clientOrderId} />
          </td>
          <td>{o.instrumentId}</td>
          <td className={o.side === 'buy' ? 'buy' : 'sell'}>{o.side}</td>
          <td>{o.quantity}</td>
          <td>{o.filledQuantity}</td>
          <td>{orderPricing(o)}</td>
          <td>{o.status}</td>
          <td>
            {amending === o.clientOrderId ? (
              <AmendForm order={o} onDone={() => setAmending(null)} />
            ) : (
              isAmendable(o) && (
                <button
                  className="btn btn-small"
                  onClick={(e) => {
                    e.stopPropagation();
                    setAmending(o.clientOrderId);
                  }}
                  data-testid="amend-open"
                >
                  amend
                </button>
              )
            )}
            <button
              className="btn btn-small"
              onClick={(e) => {
                e.stopPropagation();
                api.orders.cancel({ clientOrderId: o.clientOrderId }).catch(reportError);
              }}
            >
              cancel
            </button>
          </td>
        </tr>
      )}
    />
  );
}
