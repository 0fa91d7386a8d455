import { useEffect, useRef } from 'react';
import { useApi } from '../../components/api-context.ts';
import type { EngineApi } from '../../state/engine-sync.ts';
import { useBacktests } from '../../state/backtest-store.ts';
import { useSession } from '../../state/session-store.ts';
import { BacktestCharts } from './backtest-charts.ts';
import { loadDataFiles } from './data-files.tsx';
import { ResultsTable } from './results-table.tsx';
import { RunForm } from './run-form.tsx';
import { RunsTable } from './runs-table.tsx';

async function loadResults(api: EngineApi, runIds: number[]): Promise<void> {
  try {
    useBacktests.getState().patch({ results: await api.backtests.results({ runIds }) });
  } catch (err) {
    useBacktests.getState().patch({ error: (err as Error).message });
  }
}

/** The backtest view: configure and run (grids, walk-forward), watch progress, compare runs' metrics, equity and drawdown. */
export function BacktestView() {
  const api = useApi();
  const { open, runs, selected, results, error, formError, notice } = useBacktests();
  const equityBox = useRef<HTMLDivElement>(null);
  const drawdownBox = useRef<HTMLDivElement>(null);
  const charts = useRef<BacktestCharts | null>(null);

  const epoch = useSession((s) => s.link.epoch);
  // The data files when the view opens and on each new engine port; the runs arrive as a pushed view.
  useEffect(() => {
    if (open) void loadDataFiles(api);
  }, [open, epoch, api]);

  useEffect(() => {
    if (!open || !equityBox.current || !drawdownBox.current) return;
    charts.current = new BacktestCharts(equityBox.current, drawdownBox.current);
    return () => {
      charts.current?.dispose();
      charts.current = null;
    };
  }, [open]);

  useEffect(() => charts.current?.show(results), [results]);

  // The chosen runs' results, again whenever one of them moves on (the trader chose to watch it).
  const progressOfChosen = runs
    .filter((r) => selected.includes(r.id))
    .map((r) => `${r.id}:${r.status}:${r.done}`)
    .join();
  useEffect(() => {
    if (open && selected.length) void loadResults(api, selected);
    else useBacktests.getState().patch({ results: [] });
  }, [selected, progressOfChosen, open, api]);

  if (!open) return null;
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
          <RunsTable runs={runs} selected={selected} />
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
