import { useState } from 'react';
import { HeaderRow } from '../components/header-row.tsx';
import { EmptyState } from '../components/panel.tsx';
import { formatCloseTime } from '../components/format.ts';
import { useMarket } from '../state/market-store.ts';
import { useNews } from '../state/news-store.ts';

/**
 * The headlines the news analyst has read, newest first: time, source, headline, instruments and
 * its score (the lexicon's, or an imported headline model's marked m; the words the lexicon counted in the tooltip); the selected instrument's by default.
 */
export function NewsList() {
  const snapshot = useNews((s) => s.snapshot);
  const error = useNews((s) => s.error);
  const selected = useMarket((s) => s.selected);
  const instruments = useMarket((s) => s.instruments);
  const [all, setAll] = useState(false);
  if (error) return <EmptyState>The news could not be read: {error}</EmptyState>;
  if (!snapshot?.enabled)
    return (
      <EmptyState>
        No news analyst in this session. Start it with a headlines file (quorum serve --news FILE.jsonl, one timestamped headline per line
        with its symbols); its headlines, their scores and the votes they move will appear here.
      </EmptyState>
    );
  const symbol = (id: string) => instruments.find((i) => i.id === id)?.symbol ?? id;
  const shown = snapshot.headlines.filter((h) => all || selected === null || h.instrumentIds.includes(selected));
  // One instrument: the column would say the same thing on every row (the panel is narrow).
  const many = instruments.length > 1;
  return (
    <div className="news" data-testid="news">
      {many && (
        <label className="news-filter">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> all instruments
        </label>
      )}
      {shown.length === 0 ? (
        <EmptyState>
          No headline about {all || selected === null ? 'the session’s instruments' : symbol(selected)} published by{' '}
          {snapshot.asOf === null ? 'the first bar' : formatCloseTime(snapshot.asOf, true)} yet.
        </EmptyState>
      ) : (
        <table className="grid-table">
          <thead>
            <HeaderRow columns={many ? ['time', 'score', 'headline', 'instr.', 'source'] : ['time', 'score', 'headline', 'source']} />
          </thead>
          <tbody>
            {shown.map((h) => (
              <tr key={h.id} data-testid="headline">
                <td className="nowrap" title={new Date(h.ts).toISOString()}>
                  {new Date(h.ts).toISOString().slice(0, 16).replace('T', ' ')}
                </td>
                <td
                  className={h.score > 0.05 ? 'up' : h.score < -0.05 ? 'down' : 'flat'}
                  title={h.scoredBy ? `scored by the model ${h.scoredBy}` : "the lexicon's score"}
                  data-scored-by={h.scoredBy ?? 'lexicon'}
                >
                  {h.score >= 0 ? '+' : ''}
                  {h.score.toFixed(2)}
                  {h.scoredBy ? <sup className="note">m</sup> : null}
                </td>
                <td className="headline" title={h.terms.length ? `counted: ${h.terms.join(', ')}` : 'no rated word'}>
                  {h.headline}
                </td>
                {many && <td>{h.instrumentIds.map(symbol).join(' ')}</td>}
                <td>{h.source || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
