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
}
