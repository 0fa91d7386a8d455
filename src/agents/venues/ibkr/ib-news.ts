import { EventName, type NewsProvider } from '@stoqey/ib';
import type { Headline, NewsArticle } from '../../../shared/domain/news.ts';
import { askIb, type IbAnswer } from './ib-contracts.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { Clock } from '../../engine/clock.ts';
import type { IbInstrument, IbVenue } from './ib-venue.ts';

/** Ticker ids of the headline subscriptions: apart from the quotes' (2,000,000,000 on) and from order ids. */
const FIRST_NEWS_TICKER_ID = 1_900_000_000;
/** Request ids of the historical headline requests, one per instrument, apart from the subscriptions'. */
const FIRST_NEWS_HISTORY_ID = 1_950_000_000;
/** How many past headlines one instrument's request asks for (IB sends at most 300). */
const HISTORY_HEADLINES = 300;
/** Four days: the news analyst forgets a headline after four half-lives of a day (its default). */
const DEFAULT_HISTORY_MS = 4 * 86_400_000;

/** IB's stamp of a historical headline, `yyyy-MM-dd HH:mm:ss.0`, read as UTC; NaN when it is not one. */
export const parseIbNewsTime = (text: string): number =>
  /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(text) ? Date.parse(`${text.replace(' ', 'T')}Z`) : Number.NaN;
/** IB's stamp of a historical headline, and the bounds of a request for them: `yyyy-MM-dd HH:mm:ss.0`, in UTC. */
export const ibNewsTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}.0`;

/**
 * Interactive Brokers' news on the session's connection, as headlines for the news analyst: on every
 * connect (and after 1101) it asks which providers the account has, subscribes to their headlines
 * for each instrument (`reqMktData` with generic tick 292 and `mdoff`: headlines, no quotes), and to
 * IB's news bulletins (exchange notices, about every instrument). It also asks for each
 * instrument's headlines of the last four days (`reqHistoricalNews`), so the analyst starts with
 * the news that is still weighed; that needs the instrument's contract id, which an instrument added
 * with `quorum instruments add` has (the others are named in the log). A headline
 * told both ways carries the same id (provider and article), and the analyst counts it once. The
 * stamps of historical headlines carry no zone; they are read as UTC.
 */
export class IbNewsSource {
  private readonly venue: IbVenue;
  private readonly instruments: readonly IbInstrument[];
  private readonly clock: Clock;
  private readonly listeners: ((h: Headline) => void)[] = [];
  private readonly historyMs: number;
  /** The provider codes the account has (the last answer to reqNewsProviders). */
  providers: string[] = [];

  constructor(deps: { venue: IbVenue; instruments: readonly IbInstrument[]; clock: Clock; log?: Logger; historyMs?: number }) {
    this.venue = deps.venue;
    this.instruments = deps.instruments;
    this.clock = deps.clock;
    this.historyMs = deps.historyMs ?? DEFAULT_HISTORY_MS;
    // Past headlines are asked for by contract id: the instruments without one are named in the log.
    const withoutConId = deps.instruments.filter((i) => !i.contract.conId).map((i) => i.instrument.id);
    if (withoutConId.length > 0)
      deps.log?.info(
        { instruments: withoutConId },
        'past headlines are asked for by contract id: add these with `quorum instruments add` to start with their news',
      );
    const api = deps.venue.api;
    api.on(EventName.newsProviders, (providers: NewsProvider[]) => this.onProviders(providers));
    api.on(EventName.tickNews, (tickerId: number, ts: number, provider: string, articleId: string, headline: string) =>
      this.onTickNews(tickerId, ts, provider, articleId, headline),
    );
    api.on(EventName.historicalNews, (reqId: number, time: string, provider: string, articleId: string, headline: string) =>
      this.onHistoricalNews(reqId, time, provider, articleId, headline),
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
    const now = this.clock.now();
    const [from, to] = [ibNewsTime(now - this.historyMs), ibNewsTime(now)];
    this.instruments.forEach((i, k) => {
      const conId = i.contract.conId;
      if (conId) this.venue.api.reqHistoricalNews(FIRST_NEWS_HISTORY_ID + k, conId, this.providers.join('+'), from, to, HISTORY_HEADLINES);
    });
  }

  private onHistoricalNews(reqId: number, time: string, provider: string, articleId: string, headline: string): void {
    const listed = this.instruments[reqId - FIRST_NEWS_HISTORY_ID];
    const ts = parseIbNewsTime(time);
    if (!listed || !headline.trim() || !Number.isFinite(ts)) return;
    this.tellArticle(listed, ts, provider, articleId, headline);
  }

  private onTickNews(tickerId: number, ts: number, provider: string, articleId: string, headline: string): void {
    const listed = this.instruments[tickerId - FIRST_NEWS_TICKER_ID];
    if (!listed || !headline.trim()) return;
    // IB stamps a headline in epoch milliseconds; a missing stamp is taken as now.
    this.tellArticle(listed, ts > 0 ? ts : this.clock.now(), provider, articleId, headline);
  }

  /** A headline with an article behind it: the same id however IB told it (live tick or history), so it counts once. */
  private tellArticle(listed: IbInstrument, ts: number, provider: string, articleId: string, headline: string): void {
    this.tell({
      id: `${provider}:${articleId}`,
      ts,
      source: provider,
      headline: headline.trim(),
      symbols: [listed.instrument.symbol],
      article: { provider, id: articleId },
    });
  }

  /** The article behind a headline (`reqNewsArticle`), as IB sends it: text (often HTML), or a PDF in base64. */
  article(article: { provider: string; id: string }): Promise<IbAnswer<NewsArticle>> {
    const api = this.venue.api;
    return askIb<NewsArticle>(
      api,
      this.clock,
      `reading ${article.provider} article ${article.id}`,
      (reqId, done) => {
        const onArticle = (id: number, type: number, text: string) => {
          if (id === reqId) done({ ok: true, value: { kind: type === 1 ? 'pdf' : 'text', text } });
        };
        api.on(EventName.newsArticle, onArticle);
        return () => api.off(EventName.newsArticle, onArticle);
      },
      (reqId) => api.reqNewsArticle(reqId, article.provider, article.id, []),
    );
  }

  private tell(h: Headline): void {
    for (const listener of this.listeners) listener(h);
  }
}
