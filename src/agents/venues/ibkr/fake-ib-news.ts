import { ibNewsTime } from './ib-news.ts';

/** A headline the fake gateway's archive holds for `reqHistoricalNews`. */
export interface ArchivedHeadline {
  conId: number;
  provider: string;
  articleId: string;
  /** Epoch milliseconds (UTC); sent as IB writes it, `yyyy-MM-dd HH:mm:ss.0`. */
  ts: number;
  text: string;
}

/**
 * The fake gateway's news archive: `reqHistoricalNews` (86: request id, conId, provider codes joined
 * by '+', start, end, how many at most) is answered, as IB does, newest first with `historicalNews`
 * (86) rows of the contract's headlines from those providers in (start, end], then
 * `historicalNewsEnd` (87) saying whether more were left out.
 */
export class FakeNewsArchive {
  readonly headlines: ArchivedHeadline[] = [];
  /** Articles `reqNewsArticle` finds, by `PROVIDER:ARTICLE_ID`: text, or a PDF in base64. */
  readonly articles = new Map<string, { kind: 'text' | 'pdf'; text: string }>();
  /** Every request, as its fields, for tests to check what was asked. */
  readonly requests: string[][] = [];

  answer(fields: readonly string[]): (string | number)[][] {
    this.requests.push([...fields]);
    const [, reqId, conId, providers, start, end, most] = fields;
    const codes = (providers ?? '').split('+');
    const inRange = (h: ArchivedHeadline) => ibNewsTime(h.ts) > (start ?? '') && (!end || ibNewsTime(h.ts) <= end);
    const found = this.headlines
      .filter((h) => String(h.conId) === conId && codes.includes(h.provider) && inRange(h))
      .sort((a, b) => b.ts - a.ts);
    const sent = found.slice(0, Number(most));
    return [
      ...sent.map((h) => [86, reqId!, ibNewsTime(h.ts), h.provider, h.articleId, h.text]),
      [87, reqId!, found.length > sent.length ? 1 : 0],
    ];
  }

  /**
   * `reqNewsArticle` (84: request id, provider, article id): `newsArticle` (83: request id, type 0
   * text or 1 PDF, the text), or an error for the request when the archive has no such article (the
   * code is the fake's choice).
   */
  article(fields: readonly string[]): { fields: (string | number)[] } | { reqId: number; error: { code: number; text: string } } {
    const [, reqId, provider, id] = fields;
    const found = this.articles.get(`${provider}:${id}`);
    if (!found)
      return { reqId: Number(reqId), error: { code: 10172, text: `Failed to request news article: ${provider} ${id} not found` } };
    return { fields: [83, reqId!, found.kind === 'pdf' ? 1 : 0, found.text] };
  }
}
