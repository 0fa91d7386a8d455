import { EventName } from '@stoqey/ib';
import type { Logger } from '../../../shared/logger.ts';
import type { IbInstrument, IbVenue } from './ib-venue.ts';

/** Depth request ids: apart from the quotes' (2,000,000,000 on), the headlines' and order ids. */
const FIRST_DEPTH_ID = 2_050_000_000;
/** Rows asked for on each side. */
export const DEPTH_ROWS = 10;
/** IB's refusals of a depth request: not offered for this stock or exchange, no subscription, too many depth requests. */
const NO_DEPTH_CODES = new Set([309, 354, 10092, 2152]);

export interface DepthLevel {
  price: number;
  size: number;
}

interface Book {
  bids: DepthLevel[];
  asks: DepthLevel[];
  /** IB's refusal, in its words, once it refused (the ladder shows the top of book, said so). */
  refused: string | null;
}

/**
 * Market depth from IB (`reqMktDepth`, SMART depth where the account has it) for the ladder: each
 * side's rows as IB inserts, updates and deletes them by position. Asked on every connect and after
 * 1101 (the book starts empty again). Where IB refuses (no subscription, not offered, too many depth
 * requests), the refusal is kept and said once in the log; the ladder then shows the top of book and
 * says so.
 */
export class IbDepth {
  private readonly venue: IbVenue;
  private readonly instruments: readonly IbInstrument[];
  private readonly books: Book[];
  private readonly log: Logger | null;

  private readonly changed: (instrumentId: string) => void;

  constructor(deps: {
    venue: IbVenue;
    instruments: readonly IbInstrument[];
    log?: Logger;
    /** An instrument's rows changed (the ladder's view is pushed again). */
    changed?: (instrumentId: string) => void;
  }) {
    this.venue = deps.venue;
    this.instruments = deps.instruments;
    this.log = deps.log ?? null;
    this.changed = deps.changed ?? (() => {});
    this.books = deps.instruments.map(() => ({ bids: [], asks: [], refused: null }));
    const api = deps.venue.api;
    api.on(EventName.updateMktDepth, (id: number, position: number, operation: number, side: number, price: number, size: number) =>
      this.update(id, position, operation, side, price, size),
    );
    api.on(
      EventName.updateMktDepthL2,
      (id: number, position: number, _maker: string, operation: number, side: number, price: number, size: number) =>
        this.update(id, position, operation, side, price, size),
    );
    api.on(EventName.error, (err: Error, code: number, id: number) => this.onError(err.message, code, id));
    deps.venue.onSession(() => this.subscribe());
  }

  /** An instrument's depth as IB last told it, best first; null when IB sent none (or refused: see `refusal`). */
  depth(instrumentId: string): { bids: DepthLevel[]; asks: DepthLevel[] } | null {
    const book = this.book(instrumentId);
    if (!book || (book.bids.length === 0 && book.asks.length === 0)) return null;
    return { bids: book.bids.map((l) => ({ ...l })), asks: book.asks.map((l) => ({ ...l })) };
  }

  /** Why IB gives no depth for an instrument, in its words; null while it may. */
  refusal(instrumentId: string): string | null {
    return this.book(instrumentId)?.refused ?? null;
  }

  private book(instrumentId: string): Book | undefined {
    return this.books[this.instruments.findIndex((i) => i.instrument.id === instrumentId)];
  }

  private subscribe(): void {
    this.instruments.forEach((i, k) => {
      const book = this.books[k]!;
      book.bids = [];
      book.asks = [];
      if (book.refused === null) this.venue.api.reqMktDepth(FIRST_DEPTH_ID + k, i.contract, DEPTH_ROWS, true, []);
    });
  }

  /** IB's update of one row: side 1 bids, 0 asks; operation 0 insert at the position, 1 update it, 2 delete it. */
  private update(id: number, position: number, operation: number, side: number, price: number, size: number): void {
    const book = this.books[id - FIRST_DEPTH_ID];
    if (!book || position < 0) return;
    const rows = side === 1 ? book.bids : book.asks;
    if (operation === 0) rows.splice(Math.min(position, rows.length), 0, { price, size });
    else if (operation === 1 && position < rows.length) rows[position] = { price, size };
    else if (operation === 2 && position < rows.length) rows.splice(position, 1);
    else return;
    this.changed(this.instruments[id - FIRST_DEPTH_ID]!.instrument.id);
  }

  private onError(text: string, code: number, id: number): void {
    const k = id - FIRST_DEPTH_ID;
    const book = this.books[k];
    if (!book || !NO_DEPTH_CODES.has(code) || book.refused !== null) return;
    book.refused = `IB ${code}: ${text}`;
    this.log?.info(
      { instrumentId: this.instruments[k]!.instrument.id, code },
      `no market depth from IB: ${text}; the ladder shows the top of book`,
    );
  }
}
