import { useState } from 'react';
import { describeInterval } from '../../../shared/market-data/bar-interval.ts';
import { OptimizerMethodSchema, type OptimizerMethod } from '../../../shared/domain/consensus.ts';
import type { EngineApi } from '../../state/engine-sync.ts';
import { useBacktests } from '../../state/backtest-store.ts';
import { ImportData, RemoveData } from './data-files.tsx';
import { DownloadFromIb } from './download-from-ib.tsx';

const list = (text: string) => text.split(',').map((s) => Number(s.trim()));

/** The run's settings: data files, optimizer, grid values, dates, walk-forward, resume after breakers. */
export function RunForm({ api }: { api: EngineApi }) {
  const inputs = useBacktests((s) => s.inputs);
  const [files, setFiles] = useState<string[]>([]);
  const [method, setMethod] = useState<OptimizerMethod>('volatility-target');
  const [vol, setVol] = useState('0.1');
  const [threshold, setThreshold] = useState('0.1');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [walk, setWalk] = useState(false);
  const [train, setTrain] = useState('1000');
  const [test, setTest] = useState('250');
  const [resume, setResume] = useState(false);
  const [keep, setKeep] = useState(false);
  const [busy, setBusy] = useState(false);
  const chosen = files.length ? files : inputs.slice(0, 1).map((i) => i.name);
  const start = async () => {
    setBusy(true);
    try {
      const { runId } = await api.backtests.start({
        files: chosen,
        method,
        targetVolatility: list(vol),
        buyThreshold: list(threshold),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(walk ? { walkForward: { trainBars: Number(train), testBars: Number(test) } } : {}),
        ...(resume ? { resumeNextDay: true } : {}),
        ...(keep ? { keepDecisions: true } : {}),
      });
      // The new run arrives in the pushed runs view, with its progress.
      useBacktests.getState().patch({ selected: [runId, ...useBacktests.getState().selected].slice(0, 4), formError: null, notice: null });
    } catch (err) {
      useBacktests.getState().patch({ formError: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="backtest-form" onSubmit={(e) => (e.preventDefault(), void start())}>
      <fieldset>
        <legend>data</legend>
        {inputs.length === 0 && <span className="muted">no data files yet: import a CSV of bars</span>}
        {inputs.map((i) => (
          <label
            key={i.name}
            title={`${i.source}: ${i.bars} bars of ${describeInterval(i.intervalMs)}, ${i.from} → ${i.to}`}
            data-source={i.source}
          >
            <input
              type="checkbox"
              checked={chosen.includes(i.name)}
              onChange={(e) => setFiles(e.target.checked ? [...chosen, i.name] : chosen.filter((f) => f !== i.name))}
            />
            {i.name}
            {i.source === 'imported' && (
              <>
                <span className="muted"> (imported)</span>
                <RemoveData api={api} name={i.name} onRemoved={() => setFiles(chosen.filter((f) => f !== i.name))} />
              </>
            )}
          </label>
        ))}
        <ImportData api={api} onImported={(name) => setFiles([name])} />
        <DownloadFromIb api={api} onDownloaded={(name) => setFiles([name])} />
      </fieldset>
      <label>
        optimizer
        <select aria-label="Optimizer" value={method} onChange={(e) => setMethod(e.target.value as OptimizerMethod)}>
          {OptimizerMethodSchema.options.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label title="annualised; a comma-separated list runs a grid">
        target vol
        <input aria-label="Target volatility" value={vol} onChange={(e) => setVol(e.target.value)} size={10} />
      </label>
      <label title="consensus score to buy; a list runs a grid">
        buy at
        <input aria-label="Buy threshold" value={threshold} onChange={(e) => setThreshold(e.target.value)} size={10} />
      </label>
      <label>
        from
        <input type="date" aria-label="run from" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        to
        <input type="date" aria-label="run to" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <label title="fit the regime model and the consensus weights on TRAIN bars, trade the next TEST, roll on">
        <input type="checkbox" checked={walk} onChange={(e) => setWalk(e.target.checked)} /> walk-forward
        <input aria-label="Train bars" value={train} onChange={(e) => setTrain(e.target.value)} size={5} disabled={!walk} />/
        <input aria-label="Test bars" value={test} onChange={(e) => setTest(e.target.value)} size={4} disabled={!walk} />
      </label>
      <label title="after a circuit breaker restricts or halts the run, resume at each later day's first bar, as a trader would who checks every morning (off: the run stays restricted, as nothing resumes by itself)">
        <input type="checkbox" checked={resume} onChange={(e) => setResume(e.target.checked)} /> resume each day
      </label>
      <label title="keep every decision of each grid point (its votes, target, orders and fills; ~50 MB per 100,000 bars) to export with quorum runs show ID --decisions FILE.csv">
        <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} /> keep decisions
      </label>
      <button type="submit" className="btn" disabled={busy || chosen.length === 0}>
        Run
      </button>
    </form>
  );
}
