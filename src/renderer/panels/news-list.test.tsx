import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScoredHeadline } from '../../shared/contracts/news.contract.ts';
import type { Instrument, InstrumentId } from '../../shared/domain/instrument.ts';
import { RpcError } from '../../shared/contracts/rpc-errors.ts';
import { useMarket } from '../state/market-store.ts';
import { useNews } from '../state/news-store.ts';
import { cleanup, fakeEngine, renderWithEngine } from '../test/fake-engine.test-helper.tsx';
import { NewsList } from './news-list.tsx';

afterEach(cleanup);

const aapl = { id: 'IB:AAPL' as InstrumentId, symbol: 'AAPL', venue: 'IB', currency: 'USD', tickSize: 0.01, lotSize: 1 } as Instrument;
const headline = (id: string, text: string, article?: { provider: string; id: string }): ScoredHeadline => ({
  id,
  ts: Date.UTC(2026, 11, 4, 14, 30),
  source: article?.provider ?? 'file',
  headline: text,
  symbols: ['AAPL'],
  ...(article ? { article } : {}),
  score: 0.4,
  scoredBy: null,
  terms: ['beat'],
  instrumentIds: [aapl.id],
});

beforeEach(() => {
  useMarket.setState({ instruments: [aapl], selected: aapl.id });
  useNews.setState({
    error: null,
    snapshot: {
      enabled: true,
      asOf: Date.UTC(2026, 11, 4, 15),
      headlines: [
        headline('BRFG:1', 'Apple beats estimates', { provider: 'BRFG', id: '1' }),
        headline('BRFG:2', 'Apple raises guidance', { provider: 'BRFG', id: '2' }),
        headline('file:3', 'Apple beats again'),
      ],
    },
  });
});

describe('the news list', () => {
  it('reads the broker’s article behind a headline as text, never as markup, and says why one cannot be read', async () => {
    const engine = fakeEngine({
      'news.article': (p) => {
        if ((p as { id: string }).id === '2')
          throw new RpcError('handler_failed', 'news.article: reading BRFG article 2: IB answered 10172: not found');
        return { kind: 'text', text: '<p>Apple <b>beat</b> estimates.</p><script>window.ran = true</script>' };
      },
    });
    renderWithEngine(<NewsList />, engine);
    // Only headlines with an article behind them offer it.
    expect(screen.getAllByRole('button', { name: /^Read the article/ })).toHaveLength(2);

    fireEvent.click(screen.getByRole('button', { name: 'Read the article: Apple beats estimates' }));
    const pane = await screen.findByTestId('news-article');
    await screen.findByText('Apple beat estimates.');
    expect(pane.querySelector('.news-article-text')!.textContent).toBe('Apple beat estimates.');
    expect(pane.querySelector('b, script')).toBeNull();
    expect((window as { ran?: boolean }).ran).toBeUndefined();
    expect(engine.calls).toEqual([{ method: 'news.article', params: { provider: 'BRFG', id: '1' } }]);

    fireEvent.click(screen.getByRole('button', { name: 'Read the article: Apple raises guidance' }));
    expect(await screen.findByText(/The article could not be read: .*IB answered 10172: not found/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'close' }));
    expect(screen.queryByTestId('news-article')).toBeNull();
  });
});
