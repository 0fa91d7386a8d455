import { useEffect, useState } from 'react';
import type { ScoredHeadline } from '../../shared/contracts/news.contract.ts';
import { useApi } from '../components/api-context.ts';
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
  const [reading, setReading] = useState<ScoredHeadline | null>(null);
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
                  {h.article && (
                    <button type="button" className="btn link" onClick={() => setReading(h)} aria-label={`Read the article: ${h.headline}`}>
                      read
                    </button>
                  )}
                </td>
                {many && <td>{h.instrumentIds.map(symbol).join(' ')}</td>}
                <td>{h.source || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {reading?.article && <ArticlePane key={reading.id} headline={reading} article={reading.article} onClose={() => setReading(null)} />}
    </div>
  );
}

type Read = { state: 'reading' } | { state: 'read'; text: string } | { state: 'failed'; error: string };

/** Only the words of an article: IB's are often HTML, shown here as text (scripts and styles dropped), never as markup. */
function textOf(html: string): string {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  for (const code of body.querySelectorAll('script, style')) code.remove();
  // A paragraph, heading or list item ends its line (the pane keeps line breaks).
  for (const block of body.querySelectorAll('p, div, li, tr, h1, h2, h3, h4, h5, h6')) block.append('\n');
  for (const br of body.querySelectorAll('br')) br.replaceWith('\n');
  return (body.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}

/** The broker's article behind a headline, asked for when the trader opens it. */
function ArticlePane(props: { headline: ScoredHeadline; article: { provider: string; id: string }; onClose: () => void }) {
  const api = useApi();
  const [read, setRead] = useState<Read>({ state: 'reading' });
  const { provider, id } = props.article;
  useEffect(() => {
    let open = true;
    const show = (r: Read) => open && setRead(r);
    api.news.article({ provider, id }).then(
      (a) =>
        show(
          a.kind === 'pdf'
            ? {
                state: 'read',
                text: `${provider} sent this article as a PDF (${Math.round((a.text.length * 3) / 4 / 1024)} KB), which the workstation does not show; read it in TWS.`,
              }
            : { state: 'read', text: textOf(a.text) || '(the article is empty)' },
        ),
      (err: Error) => show({ state: 'failed', error: err.message }),
    );
    return () => {
      open = false;
    };
  }, [api, provider, id]);
  return (
    <div className="news-article" data-testid="news-article" data-state={read.state}>
      <div className="news-article-head">
        <strong>{props.headline.headline}</strong>
        <span className="note">
          {' '}
          {props.article.provider} · {new Date(props.headline.ts).toISOString().slice(0, 16).replace('T', ' ')}
        </span>
        <button type="button" className="btn btn-small" onClick={props.onClose}>
          close
        </button>
      </div>
      {read.state === 'reading' && <p className="note">asking {props.article.provider} for the article…</p>}
      {read.state === 'read' && <p className="news-article-text">{read.text}</p>}
      {read.state === 'failed' && <p className="note error">The article could not be read: {read.error}</p>}
    </div>
  );
}
