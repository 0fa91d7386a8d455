import { EmptyState, Panel } from '../components/panel.tsx';
import { formatTime } from '../components/format.ts';
import { describeExternalOrder } from '../../shared/domain/orders.ts';
import { useSession } from '../state/session-store.ts';

/** Where this session trades and records, and the broker connection when it trades at IB. */
export function SessionPanel() {
  const info = useSession((s) => s.info);
  const trading = useSession((s) => s.trading);
  const journalSeq = useSession((s) => s.journalSeq);
  const broker = useSession((s) => s.broker);
  if (!info) {
    return (
      <Panel title="Session" id="settings" area="settings">
        <EmptyState>The engine's mode, feed, seed and data file will appear here once it answers.</EmptyState>
      </Panel>
    );
  }
  const rows: [string, string][] = [
    ['mode', info.mode],
    ['venue', info.venue],
    ...(broker
      ? ([
          ['IB connection', `${broker.state} — ${broker.detail}`],
          ['IB market data', broker.marketDataHalted ?? 'flowing'],
          ['IB endpoint', `${broker.host}:${broker.port} · client id ${broker.clientId} · server ${broker.serverVersion ?? '—'}`],
          ['IB accounts', broker.accounts.length ? broker.accounts.join(', ') : '—'],
          ['trading account', broker.account ?? 'not confirmed'],
          [
            'last reconciliation',
            broker.lastReconciliation
              ? `${formatTime(broker.lastReconciliation.at)} · ${broker.lastReconciliation.fillsRecovered} missed fill(s) journaled · ${broker.lastReconciliation.ordersClosed} order(s) closed · ${broker.lastReconciliation.ordersStillWorking} working · IB positions ${
                  Object.entries(broker.lastReconciliation.positions)
                    .map(([id, q]) => `${id} ${q}`)
                    .join(', ') || 'none'
                }${
                  broker.lastReconciliation.accountSummary
                    ? ` · net liquidation ${broker.lastReconciliation.accountSummary.netLiquidation.toLocaleString('en-US')} ${broker.lastReconciliation.accountSummary.currency}, buying power ${broker.lastReconciliation.accountSummary.buyingPower.toLocaleString('en-US')}, available ${broker.lastReconciliation.accountSummary.availableFunds.toLocaleString('en-US')}`
                    : ''
                }`
              : 'not yet',
          ],
          ...(broker.lastReconciliation?.externalOrders.length
            ? [
                [
                  'not placed by Quorum',
                  `${broker.lastReconciliation.externalOrders.map(describeExternalOrder).join('; ')} — shown, never managed; the kill switch's global cancel cancels them`,
                ],
              ]
            : []),
        ] as [string, string][])
      : []),
    ['feed', info.feed],
    ['seed', String(info.seed)],
    ['session', info.sessionId],
    ['started', formatTime(info.startedAt)],
    ['journal head', journalSeq === null ? '—' : `seq ${journalSeq}`],
    ['trading state', trading ? `${trading.state} — ${trading.reason}` : '—'],
    ['data file', info.dataFile],
    ['version', info.version],
  ];
  return (
    <Panel title="Session" id="settings" area="settings">
      <dl className="kv">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd title={v}>{v}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}
