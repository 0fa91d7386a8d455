import { useOperations } from '../../state/operations-store.ts';
import { agentLabel } from '../../components/format.ts';
import { HeaderRow } from '../../components/header-row.tsx';
import { EmptyState } from '../../components/panel.tsx';
import { OrderId } from './order-id.tsx';

const cost = (x: number | null) => (x === null ? '—' : x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const bp = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)} bp`);

/**
 * What trading cost, from the journal: per agent (a decision's costs shared by the votes that pushed
 * toward it; a bar shows each one's implementation shortfall), in total, and the latest orders
 * measured against their decision price and arrival price. A cost is positive. The engine pushes it
 * again at most every 5 s while orders change.
 */
export function CostsTab() {
  const report = useOperations((s) => s.costs);
  const error = useOperations((s) => s.errors.costs);
  if (error) return <p className="problem">{error}</p>;
  if (!report) return <EmptyState>Reading the costs from the journal…</EmptyState>;
  if (!report.orders.length)
    return (
      <EmptyState>
        No orders yet. Each order's fees, slippage against its decision's price and its arrival price, and implementation shortfall will
        show here, summed per agent.
      </EmptyState>
    );
  const widest = Math.max(...report.agents.map((a) => Math.abs(a.shortfall)), 1e-9);
  return (
    <div data-testid="costs">
      <p className="note">
        {report.orders.length} orders, {cost(report.totals.filledNotional)} filled · fees {cost(report.totals.fees)} · slippage vs decision{' '}
        {cost(report.totals.slippageVsDecision)} · vs arrival {cost(report.totals.slippageVsArrival)} · shortfall{' '}
        <strong data-testid="costs-shortfall">{cost(report.totals.shortfall)}</strong>
      </p>
      <table className="grid-table" data-testid="costs-agents">
        <thead>
          <HeaderRow columns={['agent', 'decisions', 'fees', 'slip vs decision', 'slip vs arrival', 'shortfall', '']} />
        </thead>
        <tbody>
          {report.agents.map((a) => (
            <tr key={a.agentId} data-agent={a.agentId}>
              <td>{agentLabel(a.agentId)}</td>
              <td>{a.decisions}</td>
              <td>{cost(a.fees)}</td>
              <td>{cost(a.slippageVsDecision)}</td>
              <td>{cost(a.slippageVsArrival)}</td>
              <td>{cost(a.shortfall)}</td>
              <td className="cost-bar-cell">
                <div
                  className={`cost-bar ${a.shortfall < 0 ? 'gain' : ''}`}
                  style={{ width: `${(Math.abs(a.shortfall) / widest) * 100}%` }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="grid-table" data-testid="costs-orders">
        <thead>
          <HeaderRow
            columns={['order', 'side', 'filled', 'avg px', 'decision px', 'arrival', 'vs decision', 'vs arrival', 'fees', 'shortfall']}
          />
        </thead>
        <tbody>
          {[...report.orders]
            .reverse()
            .slice(0, 50)
            .map((o) => (
              <tr key={o.clientOrderId}>
                <td>
                  <OrderId id={o.clientOrderId} />
                </td>
                <td className={o.side}>{o.side}</td>
                <td>
                  {o.filled}/{o.quantity}
                </td>
                <td>{o.averagePrice?.toFixed(2) ?? '—'}</td>
                <td>{o.decisionPrice?.toFixed(2) ?? '—'}</td>
                <td>{o.arrivalPrice?.toFixed(2) ?? '—'}</td>
                <td>{bp(o.slippageVsDecisionBps)}</td>
                <td>{bp(o.slippageVsArrivalBps)}</td>
                <td>{cost(o.fees)}</td>
                <td>{cost(o.shortfall)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
