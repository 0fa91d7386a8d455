import { percentFigure } from '../../shared/math/percent-figure.ts';
import { drawdowns } from '../../shared/math/drawdown.ts';
import type { Metrics } from './metrics.ts';
import { monthlyReturns } from './monthly-returns.ts';
import { runRestrictions, shortPeriodNote, type BacktestResult } from './run-backtest.ts';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const pct = (x: number | null) => (x === null ? '—' : `${percentFigure(x, 2)} %`);
const num = (x: number | null, d = 2) => (x === null ? '—' : x.toFixed(d));
const day = (ts: number) => new Date(ts).toISOString().slice(0, 10);

const ROWS: [keyof Metrics, string, (x: number | null) => string][] = [
  ['totalReturn', 'Total return', pct],
  ['cagr', 'CAGR', pct],
  ['volatility', 'Volatility (annual)', pct],
  ['sharpe', 'Sharpe', (x) => num(x)],
  ['sortino', 'Sortino', (x) => num(x)],
  ['maxDrawdown', 'Max drawdown', pct],
  ['calmar', 'Calmar', (x) => num(x)],
  ['trades', 'Trades (round trips)', (x) => num(x, 0)],
  ['hitRate', 'Hit rate', pct],
  ['turnover', 'Turnover (× equity per year)', (x) => num(x)],
  ['fees', 'Fees', (x) => num(x)],
  ['exposure', 'Exposure (average gross)', pct],
];

/** A moment to mark on a chart with a vertical line: when a breaker restricted or stopped the run. */
interface Mark {
  ts: number;
  label: string;
  color: string;
}

/** An SVG line chart of several series over the same x (step index), with a few date labels and marks. */
function lineChart(
  ts: readonly number[],
  series: { name: string; color: string; values: readonly number[] }[],
  format: (v: number) => string,
  marks: readonly Mark[] = [],
): string {
  const w = 960;
  const h = 260;
  // The legend sits in the top margin, above the lines (a drawdown's lines start at the top).
  const pad = { l: 70, r: 10, t: 28, b: 24 };
  const all = series.flatMap((s) => s.values);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const x = (i: number) => pad.l + (i / Math.max(1, ts.length - 1)) * (w - pad.l - pad.r);
  const y = (v: number) => pad.t + (hi === lo ? 0.5 : (hi - v) / (hi - lo)) * (h - pad.t - pad.b);
  const step = Math.max(1, Math.ceil(ts.length / 1500));
  const paths = series.map((s) => {
    let d = '';
    for (let i = 0; i < s.values.length; i += step) d += `${d ? 'L' : 'M'}${x(i).toFixed(1)},${y(s.values[i]!).toFixed(1)}`;
    return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.4"/>`;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = lo + f * (hi - lo);
    return `<text x="${pad.l - 6}" y="${y(v) + 4}" text-anchor="end">${esc(format(v))}</text><line x1="${pad.l}" x2="${w - pad.r}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`;
  });
  const dates = [0, 0.5, 1].map((f) => {
    const i = Math.round(f * (ts.length - 1));
    return `<text x="${x(i)}" y="${h - 6}" text-anchor="${f === 0 ? 'start' : f === 1 ? 'end' : 'middle'}">${day(ts[i]!)}</text>`;
  });
  const legend = series.map((s, i) => `<text x="${pad.l + 10 + i * 200}" y="16" style="fill:${s.color}">■ ${esc(s.name)}</text>`);
  const lines = marks.map((m) => {
    const i = ts.findIndex((t) => t >= m.ts);
    const mx = x(i < 0 ? ts.length - 1 : i).toFixed(1);
    const anchor = Number(mx) > w / 2 ? 'end' : 'start';
    return `<line x1="${mx}" x2="${mx}" y1="${pad.t}" y2="${h - pad.b}" stroke="${m.color}" stroke-dasharray="4 3"/><text x="${mx}" y="${pad.t + 12}" dx="${anchor === 'end' ? -4 : 4}" text-anchor="${anchor}" style="fill:${m.color}">${esc(m.label)}</text>`;
  });
  return `<svg viewBox="0 0 ${w} ${h}" role="img">${ticks.join('')}${paths.join('')}${lines.join('')}${dates.join('')}${legend.join('')}</svg>`;
}

function monthlyTable(result: BacktestResult): string {
  const months = monthlyReturns(result.equity, result.run.startingCash);
  const years = [...new Set([...months.keys()].map((m) => m.slice(0, 4)))];
  const cell = (r: number | undefined) =>
    r === undefined
      ? '<td></td>'
      : `<td style="background:${r >= 0 ? `rgba(38,166,91,${Math.min(0.8, Math.abs(r) * 10)})` : `rgba(214,69,65,${Math.min(0.8, Math.abs(r) * 10)})`}">${(r * 100).toFixed(1)}</td>`;
  const rows = years.map(
    (yr) =>
      `<tr><th>${yr}</th>${Array.from({ length: 12 }, (_, m) => cell(months.get(`${yr}-${String(m + 1).padStart(2, '0')}`))).join('')}</tr>`,
  );
  const head = ['', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
    .map((m) => `<th>${m}</th>`)
    .join('');
  return `<table class="months"><tr>${head}</tr>${rows.join('')}</table>`;
}

/** A self-contained HTML report: metrics against the benchmark, equity and drawdown charts, monthly returns, trades. */
export function htmlReport(result: BacktestResult, title: string): string {
  const { ts, equity, benchmark: bench } = result.equity;
  const metrics = ROWS.map(
    ([k, label, f]) => `<tr><th>${label}</th><td>${f(result.metrics[k])}</td><td>${f(result.benchmark[k])}</td></tr>`,
  ).join('');
  const trades = result.fills
    .map(
      (f) =>
        `<tr><td>${day(f.ts)}</td><td>${esc(f.instrumentId)}</td><td class="${f.side}">${f.side}</td><td>${f.quantity}</td><td>${f.price.toFixed(2)}</td><td>${f.fee.toFixed(2)}</td><td class="id">${esc(f.decisionId ?? '')}</td></tr>`,
    )
    .join('');
  const r = result.run;
  const short = shortPeriodNote(r);
  // With resumes, a restriction marks where the first one began, not a state held to the end.
  const since = r.resumes ? 'first at' : null;
  const marks: Mark[] = runRestrictions(r).map((x) => ({
    ts: Date.parse(x.at),
    label: `${x.state === 'REDUCING' ? `REDUCING ${since ?? 'from'}` : `HALTED${since ? ` ${since}` : ''}`} ${x.at.slice(0, 10)}`,
    color: x.state === 'REDUCING' ? '#f0883e' : '#ff6b6b',
  }));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>
body{background:#0f1115;color:#d7dae0;font:13px system-ui,sans-serif;margin:24px;max-width:1000px}
h1{font-size:18px}h2{font-size:14px;margin-top:28px;color:#9aa3b2}table{border-collapse:collapse}td,th{padding:3px 8px;text-align:right;border-bottom:1px solid #222733}
th{color:#9aa3b2;font-weight:normal}svg{width:100%;background:#151821}svg text{fill:#9aa3b2;font-size:11px}.grid{stroke:#222733}
.months td{width:48px;color:#fff}.buy{color:#26a65b}.sell{color:#d64541}.id{color:#6b7280;font-size:11px}.note{color:#9aa3b2}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="note">${esc(r.instruments.join(', '))} · ${r.from} → ${r.to} · ${r.periods} periods (${r.periodsPerYear} per year) · starting cash ${r.startingCash.toLocaleString('en-US')} · ${r.decisions} decisions · journal ${r.journalRows} rows, head ${r.journalHead.slice(0, 16)}…${r.reducing ? ` · <b>REDUCING ${since ?? 'from'} ${esc(r.reducing.at)}: ${esc(r.reducing.reason)}</b>` : ''}${r.halted ? ` · <b>HALTED ${since ? `${since} ` : ''}${esc(r.halted.at)}: ${esc(r.halted.reason)}</b>` : ''}${r.resumes ? ` · <b>resumed ${r.resumes}× at a new day's first bar (resumeAfterBreaker: next-day)</b>` : ''}${short ? ` · <b>${esc(short)}</b>` : ''}</p>
<h2>Metrics</h2><table><tr><th></th><th>Strategy</th><th>Buy and hold</th></tr>${metrics}</table>
<h2>Equity</h2>${lineChart(
    ts,
    [
      { name: 'Strategy', color: '#4f9cf9', values: equity },
      { name: 'Buy and hold', color: '#c9a227', values: bench },
    ],
    (v) => v.toLocaleString('en-US', { maximumFractionDigits: 0 }),
    marks,
  )}
<h2>Drawdown</h2>${lineChart(
    ts,
    [
      { name: 'Strategy', color: '#4f9cf9', values: drawdowns(equity) },
      { name: 'Buy and hold', color: '#c9a227', values: drawdowns(bench) },
    ],
    (v) => `${(v * 100).toFixed(0)} %`,
    marks,
  )}
<h2>Monthly returns (strategy, %)</h2>${monthlyTable(result)}
<h2>Trades (${result.fills.length} fills, ${result.trips.length} round trips)</h2>
<table><tr><th>Date</th><th>Instrument</th><th>Side</th><th>Quantity</th><th>Price</th><th>Fee</th><th>Decision</th></tr>${trades}</table>
</body></html>
`;
}
