import { newsContract } from '../../shared/contracts/news.contract.ts';
import type { Kernel } from '../engine/kernel.ts';

/** What the news services use of the kernel, and nothing more. */
export type NewsServiceDeps = Pick<Kernel, 'services' | 'news'>;

/** The engine side of the news contract: the headlines the sentiment analyst has seen by now. */
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
  });
}
