import { EmptyState, Panel } from '../components/panel.tsx';
import { formatTime } from '../components/format.ts';
import { useMarket } from '../state/market-store.ts';

/** The trades tape of the selected instrument, newest first; our own trades are marked. */
export function TapePanel() {
  const prints = useMarket((s) => (s.selected ? s.tape[s.selected] : undefined));
  return (
    <Panel title="Tape" id="tape" area="tape">
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
    </Panel>
  );
}
