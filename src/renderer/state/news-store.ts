import { create } from 'zustand';
import type { NewsSnapshot } from '../../shared/contracts/news.contract.ts';
import type { StoreFeed } from './store-feed.ts';

export interface NewsState {
  snapshot: NewsSnapshot | null;
  error: string | null;
  patch(p: Partial<Pick<NewsState, 'snapshot' | 'error'>>): void;
}

/** The headlines the news analyst has seen by the last bar's close, as the engine last pushed them. */
export const useNews = create<NewsState>((set) => ({
  snapshot: null,
  error: null,
  patch: (p) => set(p),
}));

export const newsFeed: StoreFeed = {
  views: {
    news: {
      apply: (snapshot) => useNews.getState().patch({ snapshot, error: null }),
      fail: (error) => useNews.getState().patch({ error }),
    },
  },
};
