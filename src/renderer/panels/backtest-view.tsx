import { useEffect, useRef, useState } from 'react';
import { FilePicker } from '../components/file-picker.tsx';
import { HeaderRow } from '../components/header-row.tsx';
import { describeInterval } from '../../shared/market-data/bar-interval.ts';
import { useApi } from '../components/api-context.ts';
import type { EngineApi } from '../state/engine-sync.ts';
import { useBacktests } from '../state/backtest-store.ts';
import { BacktestCharts } from './backtest-chart.ts';
import { ResultsTable } from './backtest-results.tsx';

const METHODS = ['volatility-target', 'min-variance', 'max-sharpe', 'target-volatility', 'risk-parity', 'black-litterman'] as const;
const list = (text: string) => text.split(',').map((s) => Number(s.trim()));

async function refresh(api: EngineApi, withResults: boolean): Promise<void> {
  const s = useBacktests.getState();
  try {
    const runs = await api.backtests.runs({});
    s.patch({ runs, error: null });
    if (withResults && s.selected.length) s.patch({ results: await api.backtests.results({ runIds: s.selected }) });
  } catch (err) {
    s.patch({ error: (err as Error).message });
  }
}

/** Runs a change to the data files, then shows the new list and what was done (or why not). */
async function changeDataFiles(api: EngineApi, change: () => Promise<string>): Promise<void> {
  const patch = useBacktests.getState().patch;
  try {
    const notice = await change();
    patch({ inputs: await api.backtests.inputs({}), formError: null, notice });
  } catch (err) {
    patch({ formError: (err as Error).message, notice: null });
  }
}

/** Sends a CSV of bars to the engine, which checks every row and keeps it; the list then shows it. */
function ImportData({ api, onImported }: { api: EngineApi; onImported: (name: string) => void }) {
  const [busy, setBusy] = useState(false);
  const importFile = async (f: File) => {
    setBusy(true);
    await changeDataFiles(api, async () => {
      if (f.size > MAX_IMPORT_BYTES)
        throw new Error(`${f.name}: ${(f.size / 1e6).toFixed(0)} MB is more than the 100 MB a data file may have`);
      const imported = await api.backtests.importData({ uploadId: await api.upload(f.name, new Uint8Array(await f.arrayBuffer())) });
      onImported(imported.name);
      return `imported ${imported.name}: ${imported.bars} bars, ${imported.from} → ${imported.to}`;
    });
    setBusy(false);
  };
  return (
    <FilePicker
      label={busy ? 'Importing…' : 'Import CSV…'}
      accept=".csv,text/csv"
      disabled={busy}
      testId="backtest-file"
      className="btn btn-small"
      onFile={(f) => void importFile(f)}
    />
  );
}

const MAX_IMPORT_BYTES = 100_000_000;

/** Deletes an imported file after a second click ("remove?" first); recorded runs keep their results. */
function RemoveData({ api, name, onRemoved }: { api: EngineApi; name: string; onRemoved: () => void }) {
  const [armed, setArmed] = useState(false);
  const remove = async () => {
    await changeDataFiles(api, async () => {
      await api.backtests.removeData({ name });
      onRemoved();
      return `removed ${name}; runs already made on it keep their results`;
    });
    setArmed(false);
  };
  return (
    <button
      type="button"
      className={`btn btn-small ${armed ? 'danger' : ''}`}
      aria-label={armed ? `Confirm removing ${name}` : `Remove ${name}`}
      onClick={(e) => {
        e.preventDefault();
        if (armed) void remove();
        else setArmed(true);
      }}
      onBlur={() => setArmed(false)}
    >
      {armed ? 'remove?' : '×'}
    </button>
  );
}

function RunForm({ api }: { api: EngineApi }) {
  const inputs = useBacktests((s) => s.inputs);
  const [files, setFiles] = useState<string[]>([]);
  const [method, setMethod] = useState<(typeof METHODS)[number]>('volatility-target');
  const [vol, setVol] = useState('0.1');
  const [threshold, setThreshold] = useState('0.1');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [walk, setWalk] = useState(false);
  const [train, setTrain] = useState('1000');
  const [test, setTest] = useState('250');
  const [resume, setResume] = useState(false);
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
      });
      useBacktests.getState().patch({ selected: [runId, ...useBacktests.getState().selected].slice(0, 4), formError: null, notice: null });
      await refresh(api, false);
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
      </fieldset>
      <label>
        optimizer
        <select aria-label="Optimizer" value={method} onChange={(e) => setMethod(e.target.value as (typeof METHODS)[number])}>
          {METHODS.map((m) => (
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
        <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        to
        <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <label title="fit the regime model and the consensus weights on TRAIN bars, trade the next TEST, roll on">
        <input type="checkbox" checked={walk} onChange={(e) => setWalk(e.target.checked)} /> walk-forward
        <input aria-label="Train bars" value={train} onChange={(e) => setTrain(e.target.value)} size={5} disabled={!walk} />/
        <input aria-label="Test bars" value={test} onChange={(e) => setTest(e.target.value)} size={4} disabled={!walk} />
      </label>
      <label title="after a circuit breaker restricts or halts the run, resume at each later day's first bar, as a trader would who checks every morning (off: the run stays restricted, as nothing resumes by itself)">
        <input type="checkbox" checked={resume} onChange={(e) => setResume(e.target.checked)} /> resume each day
      </label>
      <button type="submit" className="btn" disabled={busy || chosen.length === 0}>
        Run
      </button>
    </form>
  );
}

/** The backtest view: configure and run (grids, walk-forward), watch progress, compare runs' metrics, equity and drawdown. */
export function BacktestView() {
  const api = useApi();
  const { open, runs, selected, results, error, formError, notice } = useBacktests();
  const equityBox = useRef<HTMLDivElement>(null);
  const drawdownBox = useRef<HTMLDivElement>(null);
  const charts = useRef<BacktestCharts | null>(null);

  useEffect(() => {
    if (!open) return;
    const loadInputs = () =>
      void api.backtests.inputs({}).then(
        (inputs) => useBacktests.getState().patch({ inputs }),
        (err: Error) => useBacktests.getState().patch({ error: err.message }),
      );
    loadInputs();
    void refresh(api, true);
    let running = true;
    const timer = window.setInterval(() => {
      // The engine may not have answered yet (starting, restarting): ask again until it lists the files.
      if (useBacktests.getState().inputs.length === 0) loadInputs();
      const wasRunning = useBacktests.getState().runs.some((r) => r.status === 'running');
      if (wasRunning || running) void refresh(api, wasRunning);
      running = wasRunning;
    }, 1_000);
    return () => window.clearInterval(timer);
  }, [open, api]);

  useEffect(() => {
    if (!open || !equityBox.current || !drawdownBox.current) return;
    charts.current = new BacktestCharts(equityBox.current, drawdownBox.current);
    return () => {
      charts.current?.dispose();
      charts.current = null;
    };
  }, [open]);

  useEffect(() => charts.current?.show(results), [results]);

  useEffect(() => {
    if (open && selected.length) void refresh(api, true);
    else useBacktests.getState().patch({ results: [] });
  }, [selected, open, api]);

  if (!open) return null;
  const toggle = (id: number) =>
    useBacktests.getState().patch({ selected: selected.includes(id) ? selected.filter((x) => x !== id) : [id, ...selected].slice(0, 6) });
  return (
    <div className="modal-backdrop">
      <section className="backtest-view" role="dialog" aria-label="Backtests" data-testid="backtest-view">
        <header className="panel-head">
          <h2>Backtests</h2>
          <button className="btn btn-small" onClick={() => useBacktests.getState().patch({ open: false })}>
            close
          </button>
        </header>
        <RunForm api={api} />
        {formError && (
          <p className="note error" data-testid="backtest-form-error">
            {formError}
          </p>
        )}
        {notice && !formError && (
          <p className="note" data-testid="backtest-notice">
            {notice}
          </p>
        )}
        {error && <p className="note error">{error}</p>}
        <div className="backtest-body">
          <table className="backtest-runs" data-testid="backtest-runs">
            <thead>
              <HeaderRow columns={['compare', 'run', 'kind', 'progress', 'data']} />
            </thead>
            <tbody>
              {runs.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    No runs yet. Runs started here or with quorum sweep are listed with their progress.
                  </td>
                </tr>
              )}
              {runs.map((r) => (
                <tr key={r.id} data-run={r.id} data-status={r.status}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Compare run ${r.id}`}
                      checked={selected.includes(r.id)}
                      onChange={() => toggle(r.id)}
                    />
                  </td>
                  <td>#{r.id}</td>
                  <td>{r.kind}</td>
                  <td>
                    <div
                      className={`usage-bar ${r.status === 'failed' || r.status === 'interrupted' ? 'over' : ''}`}
                      title={`${r.done}/${r.total} jobs${r.failed ? `, ${r.failed} failed` : ''}`}
                    >
                      <div style={{ width: `${(100 * r.done) / Math.max(1, r.total)}%` }} />
                    </div>
                    <span className="muted">{r.status === 'running' ? `${r.done}/${r.total}` : r.status}</span>
                  </td>
                  <td className="muted">{r.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="backtest-compare">
            <ResultsTable results={results} />
            <p className="chart-caption">equity as growth of 1, buy & hold of the first run dashed, its trades as arrows</p>
            <div
              className="backtest-chart"
              ref={equityBox}
              data-testid="backtest-equity"
              data-series={results.filter((r) => r.curve.length > 1).length}
              data-trades={results.find((r) => r.curve.length > 1)?.trades.length ?? 0}
              data-restrictions={results.filter((r) => r.curve.length > 1).reduce((n, r) => n + r.restrictions.length, 0)}
            />
            <p className="chart-caption">drawdown from the running peak</p>
            <div className="backtest-chart small" ref={drawdownBox} />
          </div>
        </div>
      </section>
    </div>
  );
}
