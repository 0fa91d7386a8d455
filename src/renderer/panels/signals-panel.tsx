import { HeaderRow } from '../components/header-row.tsx';
import { useState } from 'react';
import { VirtualRows, type MeasuredRow } from '../components/virtual-rows.tsx';
import { isShadowSignal } from '../../shared/domain/signals.ts';
import { EmptyState, Panel } from '../components/panel.tsx';
import { agentLabel, formatCloseTime } from '../components/format.ts';
import { useAnalysis } from '../state/analysis-store.ts';
import { useMarket } from '../state/market-store.ts';
import { NewsList } from './news-list.tsx';
import { Tabs } from '../components/tabs.tsx';

type Signal = ReturnType<typeof useAnalysis.getState>['signals'][number];
/** A line of the list: a signal, or the rationale of the one opened (a row of its own, measured). */
type Line = { signal: Signal; rationale: boolean };

/** The analysts' signals, and beside them (a tab) the news the sentiment analyst reads. */
export function SignalsPanel() {
  const [tab, setTab] = useState<'Signals' | 'News'>('Signals');
  const tabs = <Tabs tabs={['Signals', 'News'] as const} current={tab} onChange={setTab} />;
  return (
    <Panel title="Signals" id="signals" area="signals" actions={tabs}>
      {tab === 'News' ? <NewsList /> : <SignalsList />}
    </Panel>
  );
}

/**
 * Every analyst signal as it arrives (the store's newest 300); a row opens to the rationale behind
 * it. Only the rows in view are rendered: a fast replay adds a hundred a second.
 */
function SignalsList() {
  const signals = useAnalysis((s) => s.signals);
  const instruments = useMarket((s) => s.instruments);
  const [open, setOpen] = useState<number | null>(null);
  const symbol = (id: string) => instruments.find((i) => i.id === id)?.symbol ?? id;
  const lines = signals.flatMap((signal): Line[] =>
    signal.seq === open
      ? [
          { signal, rationale: false },
          { signal, rationale: true },
        ]
      : [{ signal, rationale: false }],
  );
  return (
    <>
      {signals.length === 0 ? (
        <EmptyState>
          No signals yet. Each analyst signal will stream here once its indicators are warm: agent, instrument, direction, confidence and
          the rationale behind it.
        </EmptyState>
      ) : (
        <VirtualRows
          testId="signals"
          className={`signals ${instruments.length <= 1 ? 'one-instrument' : ''}`}
          rows={lines}
          rowKey={(l) => `${l.signal.seq}${l.rationale ? '-rationale' : ''}`}
          header={<HeaderRow columns={['time', 'agent', 'instr.', 'direction', 'conf.']} />}
          row={(l, measured) =>
            l.rationale ? (
              <Rationale signal={l.signal} measured={measured} />
            ) : (
              <SignalRow
                signal={l.signal}
                symbol={symbol(l.signal.instrumentId)}
                open={open === l.signal.seq}
                onToggle={() => setOpen(open === l.signal.seq ? null : l.signal.seq)}
                measured={measured}
              />
            )
          }
        />
      )}
    </>
  );
}

function SignalRow(props: { signal: Signal; symbol: string; open: boolean; onToggle: () => void; measured: MeasuredRow }) {
  const s = props.signal;
  const dir = s.direction;
  const cls = dir > 0.05 ? 'up' : dir < -0.05 ? 'down' : 'flat';
  const shadow = isShadowSignal(s);
  return (
    <tr
      {...props.measured}
      className={`clickable signal-row ${props.open ? 'selected' : ''}`}
      onClick={props.onToggle}
      data-agent={s.agentId}
    >
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
  );
}

/** What moved a signal: the analyst's summary, the model and its hash, the observations it read. */
function Rationale(props: { signal: Signal; measured: MeasuredRow }) {
  const { rationale } = props.signal;
  return (
    <tr {...props.measured} className="rationale">
      <td colSpan={5}>
        <div>{rationale.summary}</div>
        {rationale.model ? (
          <div className="note">
            model {rationale.model.id} · sha256 {rationale.model.hash.slice(0, 16)}…
          </div>
        ) : null}
        <div className="observations">
          {Object.entries(rationale.observations).map(([k, v]) => (
            <span key={k}>
              {k} <b>{Number.isInteger(v) ? v : v.toPrecision(4)}</b>
            </span>
          ))}
        </div>
      </td>
    </tr>
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
