import { HeaderRow } from '../components/header-row.tsx';
import { useState } from 'react';
import { useApi } from '../components/api-context.ts';
import { EmptyState, Panel } from '../components/panel.tsx';
import { formatTime } from '../components/format.ts';
import { reportError } from '../state/engine-sync.ts';
import { useOrders } from '../state/orders-store.ts';
import { useRisk } from '../state/risk-store.ts';
import { openTrace } from '../components/decision-card.tsx';
import { VirtualRows } from '../components/virtual-rows.tsx';
import { AmendForm } from '../components/amend-form.tsx';

const money = (x: number) => x.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

const TABS = ['Orders', 'Fills', 'Positions', 'Algos'] as const;

/** Open orders (with cancel), fills, and — once the portfolio exists — positions. */
export function BlotterPanel() {
  const api = useApi();
  const [tab, setTab] = useState<(typeof TABS)[number]>('Orders');
  const [amending, setAmending] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  const open = useOrders((s) => s.open);
  const fills = useOrders((s) => s.fills);
  const portfolio = useRisk((s) => s.portfolio);
  const parents = useOrders((s) => s.parents);
  const tabs = (
    <div className="tabs" role="tablist">
      {TABS.map((t) => (
        <button key={t} role="tab" aria-selected={t === tab} className={t === tab ? 'tab active' : 'tab'} onClick={() => setTab(t)}>
          {t}
          {t === 'Orders' && open.length ? ` (${open.length})` : ''}
        </button>
      ))}
    </div>
  );
  let body;
  if (tab === 'Orders') {
    body = !open.length ? (
      <EmptyState>
        No open orders. Orders placed from the ladder or by the agents are listed here until they fill or are canceled.
      </EmptyState>
    ) : (
      <VirtualRows
        testId="open-orders"
        rows={open}
        rowKey={(o) => o.clientOrderId}
        header={<HeaderRow columns={['time', 'order', 'instrument', 'side', 'qty', 'filled', 'limit', 'status', '']} />}
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
            <td>{o.limitPrice ?? 'market'}</td>
            <td>{o.status}</td>
            <td>
              {amending === o.clientOrderId ? (
                <AmendForm order={o} onDone={() => setAmending(null)} />
              ) : (
                o.type === 'limit' && (
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
  } else if (tab === 'Fills') {
    body = !fills.length ? (
      <EmptyState>No fills yet. Every fill will be listed here with its price, quantity and fee.</EmptyState>
    ) : (
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
  } else if (tab === 'Algos') {
    body = !parents.length ? (
      <EmptyState>
        No algorithms yet. Parent orders worked by TWAP, VWAP, POV, market or limit show here with their child fills, slippage and
        shortfall.
      </EmptyState>
    ) : (
      <table className="grid-table" data-testid="parents">
        <thead>
          <HeaderRow
            columns={['parent', 'algo', 'side', 'filled', 'children', 'avg px', 'arrival', 'slippage', 'shortfall', 'status', '']}
          />
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
  } else {
    const positions = portfolio?.positions.filter((p) => p.quantity !== 0) ?? [];
    body = (
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
  return (
    <Panel title="Blotter" id="blotter" area="blotter" actions={tabs}>
      {body}
    </Panel>
  );
}

/** An order id, cut to the panel's width (an agent's ids name the session, instrument and bar); whole on hover. */
function OrderId(props: { id: string }) {
  return (
    <span className="order-id" title={props.id}>
      {props.id}
    </span>
  );
}
