import { HeaderRow } from '../../components/header-row.tsx';
import { EmptyState } from '../../components/panel.tsx';
import { useRisk } from '../../state/risk-store.ts';
import { money } from './order-id.tsx';

/** The account line and the open positions with their marks and P&L. */
export function PositionsTab() {
  const portfolio = useRisk((s) => s.portfolio);
  const positions = portfolio?.positions.filter((p) => p.quantity !== 0) ?? [];
  return (
    <>
      {portfolio && (
        <p className="note" data-testid="account">
          equity {money(portfolio.equity)} · cash {money(portfolio.cash)} · day P&amp;L {money(portfolio.dailyPnl)} · drawdown{' '}
          {(portfolio.drawdown * 100).toFixed(2)} % · fees {money(portfolio.fees)}
        </p>
      )}
      {!positions.length ? (
        <EmptyState>No open positions.</EmptyState>
      ) : (
        <table className="grid-table" data-testid="positions">
          <thead>
            <HeaderRow columns={['instrument', 'quantity', 'avg price', 'mark', 'value', 'unrealized', 'realized']} />
          </thead>
          <tbody>
            {positions.map((p) => (
              <tr key={p.instrumentId}>
                <td>{p.instrumentId}</td>
                <td className={p.quantity > 0 ? 'buy' : 'sell'}>{p.quantity}</td>
                <td>{p.averagePrice.toFixed(2)}</td>
                <td>{p.mark?.toFixed(2) ?? '—'}</td>
                <td>{money(p.marketValue)}</td>
                <td className={p.unrealizedPnl >= 0 ? 'buy' : 'sell'}>{money(p.unrealizedPnl)}</td>
                <td>{money(p.realizedPnl)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
