import { create } from 'zustand';
import type { ViewData } from '../../shared/contracts/views.ts';
import type { Signal } from '../../shared/domain/signals.ts';
import { useMarket } from './market-store.ts';
import type { StoreFeed } from './store-feed.ts';

const MAX_SIGNALS = 300;
const MAX_REGIME_POINTS = 5_000;
/** Trimmed in steps, so the chart's band is redrawn whole once per step rather than on every bar. */
const REGIME_TRIM_STEP = 500;

export type ModelsView = ViewData<'models'>;

export interface AnalysisState {
  /** Newest first. */
  signals: (Signal & { seq: number })[];
  /** Per instrument: the likeliest regime per bar (bar opening time). */
  regimes: Record<string, { ts: number; label: string; probabilities: number[]; labels: string[] }[]>;
  models: ModelsView | null;
  modelsError: string | null;
  addSignals(signals: readonly Signal[]): void;
  addRegimes(points: readonly { instrumentId: string; ts: number; probabilities: number[]; labels: string[] }[]): void;
  patch(p: Partial<Pick<AnalysisState, 'models' | 'modelsError'>>): void;
}

let seq = 0;

export const useAnalysis = create<AnalysisState>((set) => ({
  signals: [],
  regimes: {},
  models: null,
  modelsError: null,
  addSignals: (incoming) =>
    set((s) => ({ signals: [...incoming.map((x) => ({ ...x, seq: ++seq })).reverse(), ...s.signals].slice(0, MAX_SIGNALS) })),
  addRegimes: (points) =>
    set((s) => {
      const regimes = { ...s.regimes };
      for (const p of points) {
        let best = 0;
        p.probabilities.forEach((q, k) => {
          if (q > p.probabilities[best]!) best = k;
        });
        const list = [
          ...(regimes[p.instrumentId] ?? []),
          { ts: p.ts, label: p.labels[best] ?? '?', probabilities: p.probabilities, labels: p.labels },
        ];
        regimes[p.instrumentId] = list.length > MAX_REGIME_POINTS + REGIME_TRIM_STEP ? list.slice(-MAX_REGIME_POINTS) : list;
      }
      return { regimes };
    }),
  patch: (p) => set(p),
}));

/** Signals and regime estimates as they happen; the model list as the engine pushes it. */
export const analysisFeed: StoreFeed = {
  events: {
    SignalEmitted: (events) => useAnalysis.getState().addSignals(events.map((e) => e.signal)),
    // A regime belongs to the bar that closed at its time (bars of the same frame are applied first).
    RegimeEstimated: (events) =>
      useAnalysis.getState().addRegimes(
        events.map((e) => ({
          instrumentId: e.instrumentId,
          ts: e.tsEvent - (useMarket.getState().bars[e.instrumentId]?.at(-1)?.intervalMs ?? 0),
          probabilities: e.probabilities,
          labels: e.labels,
        })),
      ),
  },
  views: {
    models: {
      apply: (models) => useAnalysis.getState().patch({ models, modelsError: null }),
      fail: (modelsError) => useAnalysis.getState().patch({ modelsError }),
    },
  },
};
