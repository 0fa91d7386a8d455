import { EmptyState, Panel } from '../components/panel.tsx';
import { formatTime } from '../components/format.ts';
import { useState } from 'react';
import { Tabs } from '../components/tabs.tsx';
import { useMarket } from '../state/market-store.ts';
import { Watchlist } from './watchlist.tsx';

/** The trades tape of the selected instrument, and beside it (a tab) the watchlist that selects it. */
export function TapePanel() {
  const [tab, setTab] = useState<'Tape' | 'Watchlist'>('Tape');
  const tabs = <Tabs tabs={['Tape', 'Watchlist'] as const} current={tab} onChange={setTab} />;
  return (
    <Panel title={tab} id="tape" area="tape" actions={tabs}>
      {tab === 'Watchlist' ? <Watchlist /> : <Tape />}
    </Panel>
  );
}

/** The selected instrument's trades, newest first; our own trades are marked. */
function Tape() {
  const prints = useMarket((s) => (s.selected ? s.tape[s.selected] : undefined));
  return (
    <>
      {!prints?.length ? (
        <EmptyState>Trades of the selected instrument will print here as they happen.</EmptyState>
      ) : (
        <table className="grid-table" data-testid="tape">
          <tbody>
            {prints
              .slice(-60)
              .reverse()
              .map((p) => (
                <tr key={p.n} className={p.aggressor === 'buy' ? 'print-buy' : 'print-sell'}>
                  <td>{formatTime(p.ts)}</td>
                  <td>{p.price.toFixed(2)}</td>
                  <td>{p.quantity}</td>
                  <td>{p.ours ? '★ ours' : p.aggressor}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </>
  );
}
