import { EventName, type NewsProvider } from '@stoqey/ib';
import type { Headline } from '../../../shared/domain/news.ts';
import type { Clock } from '../../engine/clock.ts';
import type { IbInstrument, IbVenue } from './ib-venue.ts';

/** Ticker ids of the headline subscriptions: apart from the quotes' (2,000,000,000 on) and from order ids. */
const FIRST_NEWS_TICKER_ID = 1_900_000_000;

/**
 * Interactive Brokers' news on the session's connection, as headlines for the news analyst: on every
 * connect (and after 1101) it asks which providers the account has, subscribes to their headlines
 * for each instrument (`reqMktData` with generic tick 292 and `mdoff`: headlines, no quotes), and to
 * IB's news bulletins (exchange notices, about every instrument). Historical headlines need the
 * contract ids that issue 18's instrument resolution brings; not asked for yet.
 */
export class IbNewsSource {
  private readonly venue: IbVenue;
  private readonly instruments: readonly IbInstrument[];
  private readonly clock: Clock;
  private readonly listeners: ((h: Headline) => void)[] = [];
  /** The provider codes the account has (the last answer to reqNewsProviders). */
  providers: string[] = [];

  constructor(deps: { venue: IbVenue; instruments: readonly IbInstrument[]; clock: Clock }) {
    this.venue = deps.venue;
    this.instruments = deps.instruments;
    this.clock = deps.clock;
    const api = deps.venue.api;
    api.on(EventName.newsProviders, (providers: NewsProvider[]) => this.onProviders(providers));
    api.on(EventName.tickNews, (tickerId: number, ts: number, provider: string, articleId: string, headline: string) =>
      this.onTickNews(tickerId, ts, provider, articleId, headline),
    );
    api.on(EventName.updateNewsBulletin, (msgId: number, _type: number, message: string, exchange: string) =>
      this.tell({
        id: `IB-bulletin:${msgId}`,
        ts: this.clock.now(),
        source: `IB bulletin${exchange ? ` (${exchange})` : ''}`,
        headline: message,
        symbols: ['*'],
      }),
    );
    deps.venue.onSession(() => {
      api.reqNewsProviders();
      api.reqNewsBulletins(true);
    });
  }

  /** Called with each headline as it arrives. */
  onHeadline(listener: (h: Headline) => void): void {
    this.listeners.push(listener);
  }

  private onProviders(providers: NewsProvider[]): void {
    this.providers = providers.flatMap((p) => (p.providerCode ? [p.providerCode] : []));
    if (this.providers.length === 0) return;
    const ticks = `mdoff,292:${this.providers.join('+')}`;
    this.instruments.forEach((i, k) => this.venue.api.reqMktData(FIRST_NEWS_TICKER_ID + k, i.contract, ticks, false, false));
  }

  private onTickNews(tickerId: number, ts: number, provider: string, articleId: string, headline: string): void {
    const listed = this.instruments[tickerId - FIRST_NEWS_TICKER_ID];
    if (!listed || !headline.trim()) return;
    // IB stamps a headline in epoch milliseconds; a missing stamp is taken as now.
    this.tell({
      id: `${provider}:${articleId}`,
      ts: ts > 0 ? ts : this.clock.now(),
      source: provider,
      headline: headline.trim(),
      symbols: [listed.instrument.symbol],
    });
  }

  private tell(h: Headline): void {
    for (const listener of this.listeners) listener(h);
  }
}
