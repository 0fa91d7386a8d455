import { useState } from 'react';
import { useApi } from '../../components/api-context.ts';
import { formatTime } from '../../components/format.ts';
import { HeaderRow } from '../../components/header-row.tsx';
import { EmptyState } from '../../components/panel.tsx';
import { useOrders } from '../../state/orders-store.ts';
import { reportError } from '../../state/session-store.ts';
import { money } from './order-id.tsx';

/** Parent orders worked by an algorithm, newest first; a click shows the child fills. */
export function AlgosTab() {
  const api = useApi();
  const parents = useOrders((s) => s.parents);
  const fills = useOrders((s) => s.fills);
  const [expanded, setExpanded] = useState<string | null>(null);
  if (!parents.length) {
    return (
      <EmptyState>
        No algorithms yet. Parent orders worked by TWAP, VWAP, POV, market or limit show here with their child fills, slippage and
        shortfall.
      </EmptyState>
    );
  }
  return (
    <table className="grid-table" data-testid="parents">
      <thead>
        <HeaderRow columns={['parent', 'algo', 'side', 'filled', 'children', 'avg px', 'arrival', 'slippage', 'shortfall', 'status', '']} />
      </thead>
      <tbody>
        {[...parents].reverse().flatMap((p) => [
          <tr
            key={p.parentId}
            data-status={p.status}
            className="clickable-row"
            onClick={() => setExpanded(expanded === p.parentId ? null : p.parentId)}
          >
            <td className="mono">{p.parentId}</td>
            <td>{p.spec.algo.toUpperCase()}</td>
            <td className={p.spec.side === 'buy' ? 'buy' : 'sell'}>{p.spec.side}</td>
            <td>
              {p.filledQuantity} / {p.spec.quantity}
            </td>
            <td>{p.childrenSent}</td>
            <td>{p.averagePrice?.toFixed(3) ?? '—'}</td>
            <td>{p.arrivalPrice?.toFixed(2) ?? '—'}</td>
            <td>{p.slippageBps === null ? '—' : `${p.slippageBps.toFixed(1)} bp`}</td>
            <td>{p.implementationShortfall === null ? '—' : money(p.implementationShortfall)}</td>
            <td>{p.status}</td>
            <td>
              {p.status === 'working' && (
                <button className="btn btn-small" onClick={() => api.execution.cancel({ parentId: p.parentId }).catch(reportError)}>
                  cancel
                </button>
              )}
            </td>
          </tr>,
          ...(expanded === p.parentId
            ? fills
                .filter((f) => f.clientOrderId.startsWith(`${p.parentId}-`))
                .map((f) => (
                  <tr key={f.fillId} className="child-fill" data-testid="child-fill">
                    <td className="mono">↳ {f.clientOrderId}</td>
                    <td colSpan={2}>{formatTime(f.ts)}</td>
                    <td>{f.quantity}</td>
                    <td />
                    <td>{f.price}</td>
                    <td colSpan={5}>fee {f.fee.toFixed(2)}</td>
                  </tr>
                ))
            : []),
        ])}
      </tbody>
    </table>
  );
}
