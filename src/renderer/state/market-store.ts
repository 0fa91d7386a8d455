import { create } from 'zustand';
import type { Instrument, InstrumentId } from '../../shared/domain/instrument.ts';
import type { Bar } from '../../shared/domain/market.ts';
import type { TapePrint } from '../../shared/contracts/market.contract.ts';
import type { ViewData } from '../../shared/contracts/views.ts';
import type { StoreFeed } from './store-feed.ts';

const MAX_BARS = 5_000;
const MAX_PRINTS = 200;

/** A print on the tape with its place in the instrument's stream (the row's key: a new print adds one row, moves none). */
export type ShownPrint = TapePrint & { n: number };

export interface MarketState {
  instruments: Instrument[];
  selected: InstrumentId | null;
  bars: Record<string, Bar[]>;
  /** Moves whenever a series is replaced wholesale, so the chart knows to reload instead of append. */
  resetVersion: number;
  /** Each instrument's order book as the engine last pushed it (the ladder shows the selected one's). */
  depth: Record<string, ViewData<'depth'>>;
  /** Recent prints per instrument, newest last. */
  tape: Record<string, ShownPrint[]>;
  /** How often the engine recorded a broker's history of each instrument: the chart's bars are read again. */
  backfilled: Record<string, number>;
  markBackfilled(ids: readonly string[]): void;
  setDepth(depth: ViewData<'depth'>): void;
  setTape(id: InstrumentId, prints: TapePrint[]): void;
  appendPrints(prints: readonly (TapePrint & { instrumentId: string })[]): void;
  setInstruments(instruments: Instrument[]): void;
  select(id: InstrumentId): void;
  replaceBars(id: InstrumentId, bars: Bar[]): void;
  appendBars(bars: readonly Bar[]): void;
}

/**
 * `lists` with `add` applied to each item's instrument list in order: each list touched is copied
 * once per batch (a fast replay's batch holds many bars and prints), then kept to its newest `max`.
 */
function appendEach<T extends { instrumentId: string }, L>(
  lists: Record<string, L[]>,
  items: readonly T[],
  max: number,
  add: (list: L[], item: T) => void,
): Record<string, L[]> {
  const next = { ...lists };
  const copied = new Set<string>();
  for (const item of items) {
    if (!copied.has(item.instrumentId)) {
      next[item.instrumentId] = [...(next[item.instrumentId] ?? [])];
      copied.add(item.instrumentId);
    }
    add(next[item.instrumentId]!, item);
  }
  for (const id of copied) if (next[id]!.length > max) next[id] = next[id]!.slice(-max);
  return next;
}

export const useMarket = create<MarketState>((set) => ({
  instruments: [],
  selected: null,
  bars: {},
  resetVersion: 0,
  depth: {},
  tape: {},
  backfilled: {},
  markBackfilled: (ids) =>
    set((s) => {
      const backfilled = { ...s.backfilled };
      for (const id of ids) backfilled[id] = (backfilled[id] ?? 0) + 1;
      return { backfilled };
    }),
  setDepth: (depth) => set((s) => ({ depth: { ...s.depth, [depth.instrumentId]: depth } })),
  setTape: (id, prints) => set((s) => ({ tape: { ...s.tape, [id]: prints.map((p, n) => ({ ...p, n })) } })),
  appendPrints: (prints) =>
    set((s) => {
      const tape = appendEach(s.tape, prints, MAX_PRINTS, (list, { instrumentId: _, ...p }) => {
        list.push({ ...p, n: (list.at(-1)?.n ?? -1) + 1 });
      });
      return { tape };
    }),
  // A selection the new list no longer has (the venue switched: SIM:ALPHA → IB:AAPL) moves to the first instrument.
  setInstruments: (instruments) =>
    set((s) => {
      const kept = instruments.some((i) => i.id === s.selected) ? s.selected : (instruments[0]?.id ?? null);
      return { instruments, selected: kept, resetVersion: kept === s.selected ? s.resetVersion : s.resetVersion + 1 };
    }),
  select: (id) => set((s) => ({ selected: id, resetVersion: s.resetVersion + 1 })),
  replaceBars: (id, bars) => set((s) => ({ bars: { ...s.bars, [id]: bars.slice(-MAX_BARS) }, resetVersion: s.resetVersion + 1 })),
  appendBars: (incoming) =>
    set((s) => {
      const bars = appendEach(s.bars, incoming, MAX_BARS, (series, bar) => {
        const last = series[series.length - 1];
        if (last && bar.ts < last.ts) return;
        if (last && last.ts === bar.ts) series[series.length - 1] = bar;
        else series.push(bar);
      });
      return { bars };
    }),
}));

/** Bars and prints as they happen; each instrument's depth as the engine pushes it. */
export const marketFeed: StoreFeed = {
  events: {
    BarClosed: (events) => useMarket.getState().appendBars(events.map((e) => e.bar)),
    BarsBackfilled: (events) => useMarket.getState().markBackfilled(events.map((e) => e.instrumentId)),
    TradePrinted: (events) =>
      useMarket.getState().appendPrints(
        events.map(({ instrumentId, price, quantity, aggressor, ours, tsEvent }) => ({
          instrumentId,
          ts: tsEvent,
          price,
          quantity,
          aggressor,
          ours,
        })),
      ),
  },
  views: { depth: { apply: (depth) => useMarket.getState().setDepth(depth) } },
};
