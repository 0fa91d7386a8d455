import { useApi } from '../../components/api-context.ts';
import { openTrace } from '../../components/decision-card.tsx';
import { formatTime } from '../../components/format.ts';
import { HeaderRow } from '../../components/header-row.tsx';
import { EmptyState } from '../../components/panel.tsx';
import { VirtualRows } from '../../components/virtual-rows.tsx';
import { useOrders } from '../../state/orders-store.ts';
import { OrderId } from './order-id.tsx';

/** Fills, newest first; a click opens the fill's decision card. */
export function FillsTab() {
  const api = useApi();
  const fills = useOrders((s) => s.fills);
  if (!fills.length) return <EmptyState>No fills yet. Every fill will be listed here with its price, quantity and fee.</EmptyState>;
  return (
    <VirtualRows
      testId="fills"
      rows={[...fills].reverse()}
      rowKey={(f) => f.fillId}
      header={<HeaderRow columns={['time', 'order', 'instrument', 'side', 'qty', 'price', 'fee']} />}
      row={(f) => (
        <tr key={f.fillId} className="clickable-row" onClick={() => void openTrace(api, { fillId: f.fillId })}>
          <td>{formatTime(f.ts)}</td>
          <td className="mono">
            <OrderId id={f.clientOrderId} />
          </td>
          <td>{f.instrumentId}</td>
          <td className={f.side === 'buy' ? 'buy' : 'sell'}>{f.side}</td>
          <td>{f.quantity}</td>
          <td>{f.price}</td>
          <td>{f.fee.toFixed(2)}</td>
        </tr>
      )}
    />
  );
}
