import { HeaderRow } from '../components/header-row.tsx';
import { useState } from 'react';
import { isShadowSignal } from '../../shared/domain/signals.ts';
import { EmptyState, Panel } from '../components/panel.tsx';
import { agentLabel, formatCloseTime } from '../components/format.ts';
import { useAnalysis } from '../state/analysis-store.ts';
import { useMarket } from '../state/market-store.ts';

const SHOWN = 80;

/** Every analyst signal as it arrives; a row opens to the rationale behind it. */
export function SignalsPanel() {
  const signals = useAnalysis((s) => s.signals);
  const instruments = useMarket((s) => s.instruments);
  const [open, setOpen] = useState<number | null>(null);
  const symbol = (id: string) => instruments.find((i) => i.id === id)?.symbol ?? id;
  return (
    <Panel title="Signals" id="signals" area="signals">
      {signals.length === 0 ? (
        <EmptyState>
          No signals yet. Each analyst signal will stream here once its indicators are warm: agent, instrument, direction, confidence and
          the rationale behind it.
        </EmptyState>
      ) : (
        <table className={`grid-table signals ${instruments.length <= 1 ? 'one-instrument' : ''}`} data-testid="signals">
          <thead>
            <HeaderRow columns={['time', 'agent', 'instr.', 'direction', 'conf.']} />
          </thead>
          <tbody>
            {signals.slice(0, SHOWN).map((s) => (
              <SignalRow
                key={s.seq}
                signal={s}
                symbol={symbol(s.instrumentId)}
                open={open === s.seq}
                onToggle={() => setOpen(open === s.seq ? null : s.seq)}
              />
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

function SignalRow(props: {
  signal: ReturnType<typeof useAnalysis.getState>['signals'][number];
  symbol: string;
  open: boolean;
  onToggle: () => void;
}) {
  const s = props.signal;
  const dir = s.direction;
  const cls = dir > 0.05 ? 'up' : dir < -0.05 ? 'down' : 'flat';
  const shadow = isShadowSignal(s);
  return (
    <>
      <tr className={`clickable signal-row ${props.open ? 'selected' : ''}`} onClick={props.onToggle} data-agent={s.agentId}>
        <td>{formatCloseTime(s.ts)}</td>
        <td className="agent" title={s.agentId}>
          <AgentName agentId={s.agentId} />
          {shadow ? <span className="badge">shadow</span> : null}
        </td>
        <td>{props.symbol}</td>
        <td className={cls}>
          <span className="dir-bar" style={{ width: `${Math.round(Math.abs(dir) * 24)}px` }} /> {dir >= 0 ? '▲' : '▼'}{' '}
          {(dir * 100).toFixed(0)}%
        </td>
        <td>{(s.confidence * 100).toFixed(0)}%</td>
      </tr>
      {props.open ? (
        <tr className="rationale">
          <td colSpan={5}>
            <div>{s.rationale.summary}</div>
            {s.rationale.model ? (
              <div className="note">
                model {s.rationale.model.id} · sha256 {s.rationale.model.hash.slice(0, 16)}…
              </div>
            ) : null}
            <div className="observations">
              {Object.entries(s.rationale.observations).map(([k, v]) => (
                <span key={k}>
                  {k} <b>{Number.isInteger(v) ? v : v.toPrecision(4)}</b>
                </span>
              ))}
            </div>
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** "model quorum-default" may wrap after "model", never inside the name (it would break at its hyphens). */
function AgentName(props: { agentId: string }) {
  const [kind, name] = agentLabel(props.agentId).split(/ (.*)/);
  return name ? (
    <>
      {kind} <span className="nowrap">{name}</span>
    </>
  ) : (
    <>{kind}</>
  );
}
