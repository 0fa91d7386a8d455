import { create } from 'zustand';
import type { Instrument, InstrumentId } from '../../shared/domain/instrument.ts';
import type { Bar } from '../../shared/domain/market.ts';
import type { LadderLevel, TapePrint } from '../../shared/contracts/market.contract.ts';

const MAX_BARS = 5_000;
const MAX_PRINTS = 200;

export interface MarketState {
  instruments: Instrument[];
  selected: InstrumentId | null;
  bars: Record<string, Bar[]>;
  /** Moves whenever a series is replaced wholesale, so the chart knows to reload instead of append. */
  resetVersion: number;
  /** The selected instrument's order book, refreshed as its quotes change. */
  depth: { instrumentId: InstrumentId; bids: LadderLevel[]; asks: LadderLevel[] } | null;
  /** Recent prints per instrument, newest last. */
  tape: Record<string, TapePrint[]>;
  setDepth(depth: MarketState['depth']): void;
  setTape(id: InstrumentId, prints: TapePrint[]): void;
  appendPrints(prints: readonly (TapePrint & { instrumentId: string })[]): void;
  setInstruments(instruments: Instrument[]): void;
  select(id: InstrumentId): void;
  replaceBars(id: InstrumentId, bars: Bar[]): void;
  appendBars(bars: readonly Bar[]): void;
}

export const useMarket = create<MarketState>((set) => ({
  instruments: [],
  selected: null,
  bars: {},
  resetVersion: 0,
  depth: null,
  tape: {},
  setDepth: (depth) => set({ depth }),
  setTape: (id, prints) => set((s) => ({ tape: { ...s.tape, [id]: prints } })),
  appendPrints: (prints) =>
    set((s) => {
      const tape = { ...s.tape };
      for (const { instrumentId, ...p } of prints) tape[instrumentId] = [...(tape[instrumentId] ?? []), p].slice(-MAX_PRINTS);
      return { tape };
    }),
  setInstruments: (instruments) => set((s) => ({ instruments, selected: s.selected ?? instruments[0]?.id ?? null })),
  select: (id) => set((s) => ({ selected: id, resetVersion: s.resetVersion + 1 })),
  replaceBars: (id, bars) => set((s) => ({ bars: { ...s.bars, [id]: bars.slice(-MAX_BARS) }, resetVersion: s.resetVersion + 1 })),
  appendBars: (incoming) =>
    set((s) => {
      const bars = { ...s.bars };
      for (const bar of incoming) {
        const series = bars[bar.instrumentId] ?? [];
        const last = series[series.length - 1];
        if (last && bar.ts < last.ts) continue;
        const next = last && last.ts === bar.ts ? [...series.slice(0, -1), bar] : [...series, bar];
        bars[bar.instrumentId] = next.length > MAX_BARS ? next.slice(-MAX_BARS) : next;
      }
      return { bars };
    }),
}));
