import { newsContract } from '../../shared/contracts/news.contract.ts';
import type { Kernel } from '../engine/kernel.ts';

/** What the news services use of the kernel, and nothing more. */
export type NewsServiceDeps = Pick<Kernel, 'services' | 'news' | 'market'>;

/** The engine side of the news contract: the headlines the sentiment analyst has seen by now, and a broker's articles behind them. */
export function registerNewsServices(kernel: NewsServiceDeps): void {
  kernel.services.register(newsContract, {
    recent: ({ instrumentId, limit }) => {
      if (!kernel.news) return { enabled: false, asOf: null, headlines: [] };
      const { asOf, headlines } = kernel.news.recent(instrumentId, limit);
      return {
        enabled: true,
        asOf,
        headlines: headlines.map((s) => ({
          ...s.headline,
          score: s.score.score,
          scoredBy: s.score.scoredBy ?? null,
          terms: s.score.terms.map((t) => t.term),
          instrumentIds: s.instrumentIds,
        })),
      };
    },
    article: async (article) => {
      const read = kernel.market.newsArticle;
      if (!read) throw new Error('articles come from a broker: this session has none, and a headline from a file has no article');
      const answer = await read(article);
      if (!answer.ok) throw new Error(answer.error);
      return answer.value;
    },
  });
}
