import { create } from 'zustand';
import type { modelsContract } from '../../shared/contracts/models.contract.ts';
import type { Signal } from '../../shared/domain/signals.ts';
import type { z } from 'zod';

const MAX_SIGNALS = 300;
const MAX_REGIME_POINTS = 5_000;

export type ModelsView = z.output<(typeof modelsContract)['methods']['list']['output']>;

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
        regimes[p.instrumentId] = list.length > MAX_REGIME_POINTS ? list.slice(-MAX_REGIME_POINTS) : list;
      }
      return { regimes };
    }),
  patch: (p) => set(p),
}));
