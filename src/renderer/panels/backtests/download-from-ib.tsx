import { useEffect, useRef, useState } from 'react';
import { HISTORY_BAR_SIZE_KEYS, HISTORY_WHAT } from '../../../shared/market-data/history-download.ts';
import type { EngineApi } from '../../state/engine-sync.ts';
import { useBacktests } from '../../state/backtest-store.ts';
import { loadDataFiles } from './data-files.tsx';

const today = () => new Date().toISOString().slice(0, 10);
const yearAgo = () => new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);

/**
 * "Download from IB…": bars from Interactive Brokers into a data file, as `quorum data download`
 * does, where the profile's IB settings point. Each download shows its progress; a finished one
 * joins the data files and is chosen for the next run, and a failed one says why (starting it again
 * resumes it).
 */
export function DownloadFromIb({ api, onDownloaded }: { api: EngineApi; onDownloaded: (name: string) => void }) {
  const downloads = useBacktests((s) => s.downloads);
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ symbol: '', bar: '1d', what: 'TRADES', from: yearAgo(), to: today() });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A download that has just finished: the data files are read again, and it is chosen (those
  // that had finished before the view opened are not).
  const done = downloads.filter((d) => d.state === 'done').map((d) => d.name);
  const finished = useRef(new Set(done));
  useEffect(() => {
    const fresh = done.filter((n) => !finished.current.has(n));
    for (const n of done) finished.current.add(n);
    if (fresh.length) {
      void loadDataFiles(api);
      onDownloaded(fresh[0]!);
    }
  }, [done.join(), api]);

  const start = async () => {
    setBusy(true);
    try {
      await api.backtests.download({ ...form, bar: form.bar as '1d', what: form.what as 'TRADES' });
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
    setBusy(false);
  };
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });

  return (
    <div className="ib-download" data-testid="ib-download">
      <button type="button" className="btn btn-small" onClick={() => setOpen(!open)} aria-expanded={open}>
        Download from IB…
      </button>
      {open && (
        <div className="ib-download-form" role="group" aria-label="Download bars from Interactive Brokers">
          <label>
            symbol <input {...field('symbol')} placeholder="AAPL" size={8} aria-label="download symbol" />
          </label>
          <label>
            bars
            <select {...field('bar')} aria-label="download bar size">
              {HISTORY_BAR_SIZE_KEYS.map((b) => (
                <option key={b}>{b}</option>
              ))}
            </select>
          </label>
          <label>
            from <input type="date" {...field('from')} aria-label="download from" />
          </label>
          <label>
            to <input type="date" {...field('to')} aria-label="download to" />
          </label>
          <label>
            of
            <select {...field('what')} aria-label="download what">
              {HISTORY_WHAT.map((w) => (
                <option key={w}>{w}</option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn-small" disabled={busy || !form.symbol.trim()} onClick={() => void start()}>
            Download
          </button>
          {error && (
            <p className="note error" data-testid="ib-download-error">
              {error}
            </p>
          )}
        </div>
      )}
      {downloads.length > 0 && (
        <ul className="ib-downloads" data-testid="ib-downloads">
          {downloads.map((d) => (
            <li key={d.name} data-state={d.state}>
              <span>{d.name}</span>{' '}
              {d.state === 'running' || d.state === 'connecting' ? (
                <>
                  <progress max={Math.max(d.pages, 1)} value={d.page} aria-label={`${d.name} progress`} />{' '}
                  <span className="muted">
                    {d.state === 'connecting' ? 'connecting to IB…' : `${d.page}/${d.pages} requests · ${d.bars} bars`}
                  </span>
                </>
              ) : d.state === 'done' ? (
                <span className="muted">{d.bars} bars, ready</span>
              ) : (
                <span className="error">{d.error}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
