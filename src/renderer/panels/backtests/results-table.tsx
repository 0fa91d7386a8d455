import { Fragment, useState } from 'react';
import type { BacktestPoint } from '../../../shared/contracts/backtests.contract.ts';
import { formatFixed, formatPercent } from '../../components/format.ts';
import { HeaderRow } from '../../components/header-row.tsx';

const COLUMNS = ['run', 'params', 'return', 'CAGR', 'Sharpe', 'max DD', 'trades', 'hit', 'B&H return', 'B&H Sharpe', 'B&H max DD'];

/** The compared runs' metrics against buy-and-hold; a walk-forward point opens to its test windows. */
export function ResultsTable({ results }: { results: BacktestPoint[] }) {
  const [openPoints, setOpenPoints] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setOpenPoints((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  return (
    <table className="backtest-results" data-testid="backtest-results">
      <thead>
        <HeaderRow columns={COLUMNS} />
      </thead>
      <tbody>
        {results.length === 0 && (
          <tr>
            <td colSpan={COLUMNS.length} className="muted" data-testid="backtest-results-empty">
              Tick runs on the left (up to six) to compare their metrics here against buy-and-hold, and their equity and drawdown below.
            </td>
          </tr>
        )}
        {results.map((r) => {
          const key = `${r.runId}.${r.point}`;
          const open = openPoints.has(key);
          return (
            <Fragment key={key}>
              <tr data-run={r.runId}>
                <td>
                  #{key}
                  {r.windows ? (
                    <button className="btn btn-small link" onClick={() => toggle(key)} aria-expanded={open} data-testid="windows-toggle">
                      {r.windows.length} windows {open ? '▾' : '▸'}
                    </button>
                  ) : null}
                  {r.restrictions.map((x, i) => (
                    <span key={i} className="badge warn" title={x.reason} data-testid="restriction">
                      {x.state} {x.at.slice(0, 10)}
                    </span>
                  ))}
                </td>
                <td className="muted">
                  {Object.entries(r.params)
                    .map(([k, v]) => `${k.split('.').at(-1)}=${String(v)}`)
                    .join(' ')}
                </td>
                {r.metrics ? (
                  <MetricCells metrics={r.metrics} />
                ) : (
                  <td colSpan={6} className="note error">
                    {r.error}
                  </td>
                )}
                <td>{formatPercent(r.benchmark?.totalReturn)}</td>
                <td>{formatFixed(r.benchmark?.sharpe)}</td>
                <td>{formatPercent(r.benchmark?.maxDrawdown)}</td>
              </tr>
              {open &&
                r.windows?.map((w) => (
                  <tr key={w.testFrom} className="window-row" data-testid="window-row">
                    <td />
                    <td className="muted">
                      test {w.testFrom} → {w.testTo}
                    </td>
                    <MetricCells metrics={w.metrics} />
                    <td colSpan={3} />
                  </tr>
                ))}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

/** Return, CAGR, Sharpe, max drawdown, trades and hit rate of a run or of one walk-forward window. */
function MetricCells({ metrics: m }: { metrics: NonNullable<BacktestPoint['metrics']> }) {
  return (
    <>
      <td>{formatPercent(m.totalReturn)}</td>
      <td>{formatPercent(m.cagr)}</td>
      <td>{formatFixed(m.sharpe)}</td>
      <td>{formatPercent(m.maxDrawdown)}</td>
      <td>{m.trades}</td>
      <td>{formatPercent(m.hitRate)}</td>
    </>
  );
}
