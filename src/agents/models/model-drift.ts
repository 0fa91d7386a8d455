import type { OhlcvBar } from '../../shared/indicators/indicator-set.ts';
import type { ModelRecord } from '../../shared/domain/models.ts';
import { featureRows } from '../../shared/features/feature-library.ts';
import { columnsOf, type FeatureWindow } from '../../shared/features/feature-window.ts';
import { populationStabilityIndex } from '../../shared/math/psi.ts';
import { pearson } from '../../shared/math/correlation.ts';
import { closeAt, latestBarClose } from '../store/cost-queries.ts';
import type { Db } from '../store/database.ts';
import { readModelReference, readModelSignals, type ModelReference } from '../store/model-references.ts';

/** Above this PSI a feature has shifted (the conventional threshold). */
export const DRIFT_PSI_THRESHOLD = 0.25;
/**
 * Rows of features a reference keeps, and the recent rows compared with it. Features over 20-bar
 * windows move slowly: with 500 recent rows against 500, two calm random walks alone gave PSIs of
 * 0.08–0.44 for vol_20; with 1,000 against 2,000, 0.02–0.11 (model-drift.test.ts), and a fourfold
 * volatility 8.3.
 */
export const REFERENCE_ROWS = 2_000;
export const RECENT_ROWS = 1_000;
/** A reference needs at least this many rows to say anything, and the recent window this many to be judged. */
export const MIN_REFERENCE_ROWS = 250;
export const MIN_RECENT_ROWS = 50;
/**
 * A headline model's windows are headlines, which come far more slowly than bars: its reference is
 * the first 100 to 2,000 the session read, its recent window the last 500. Chosen, not measured on
 * a real news flow (there is none here); the features are small counts, so the PSI's bins are few.
 */
export const MIN_REFERENCE_HEADLINES = 100;
export const RECENT_HEADLINES = 500;

/** Each feature's values over the last `maxRows` rows the series give (each series' rows in order, then the next's). */
export function featureColumns(series: readonly (readonly OhlcvBar[])[], names: readonly string[], maxRows: number): FeatureWindow {
  return columnsOf(series.flatMap((bars) => featureRows(bars, names).rows).slice(-maxRows), names);
}

/** A model's reference from a window of its inputs, or null when it has fewer than `minRows` rows. */
export function referenceFrom(
  model: ModelRecord,
  window: FeatureWindow,
  source: string,
  now: number,
  minRows = MIN_REFERENCE_ROWS,
): ModelReference | null {
  return window.rows < minRows ? null : { modelId: model.id, features: window.columns, rows: window.rows, source, savedAt: now };
}

/** A reference window for a model from bars (its training data, or what the profile recorded), or null when too short. */
export function referenceFromBars(
  model: ModelRecord,
  series: readonly (readonly OhlcvBar[])[],
  source: string,
  now: number,
): ModelReference | null {
  return referenceFrom(model, featureColumns(series, model.schema.features, REFERENCE_ROWS), source, now);
}

/** Pearson correlation of two equally long samples (null below three pairs or without variance). */
export function informationCoefficient(x: readonly number[], y: readonly number[]): number | null {
  return x.length < 3 ? null : pearson(x, y);
}

export interface ModelDrift {
  modelId: string;
  status: string;
  reference: { rows: number; source: string; savedAt: number } | null;
  /** Recent rows compared with the reference. */
  rows: number;
  /** Each input feature's PSI, largest first (empty without a reference or recent rows). */
  features: { feature: string; psi: number }[];
  drifted: boolean;
  /** The model's recent votes: how many, their mean direction and its spread. */
  outputs: { count: number; meanDirection: number | null; stdDirection: number | null };
  /** Over votes whose horizon has passed: the share right in sign, and the correlation of direction × confidence with the move. */
  hitRate: number | null;
  informationCoefficient: number | null;
  scored: number;
}

/**
 * A model's drift now: the PSI of each input feature between its reference window and `recent` (a
 * bar model's: the features of the last recorded bars); its recent outputs; and its live hit rate
 * and information coefficient from the journaled votes whose horizon has passed. A headline model
 * does not vote itself (the news analyst votes with its scores): its outputs are the scores it gave
 * (`headlineScores`), and it has no hit rate or IC of its own.
 */
export function modelDrift(
  db: Db,
  model: ModelRecord,
  recent: FeatureWindow,
  threshold = DRIFT_PSI_THRESHOLD,
  headlineScores?: readonly number[],
): ModelDrift {
  const reference = readModelReference(db, model.id);
  const { columns, rows } = recent;
  const features =
    reference && rows >= MIN_RECENT_ROWS
      ? model.schema.features
          .map((feature) => ({ feature, psi: populationStabilityIndex(reference.features[feature] ?? [], columns[feature] ?? []) }))
          .filter((f) => Number.isFinite(f.psi))
          .map((f) => ({ feature: f.feature, psi: Math.round(f.psi * 1e4) / 1e4 }))
          .sort((a, b) => b.psi - a.psi)
      : [];
  const signals = headlineScores ? [] : readModelSignals(db, `model.${model.name}`, RECENT_ROWS);
  const directions = headlineScores ? [...headlineScores] : signals.map((s) => s.direction);
  const mean = directions.length ? directions.reduce((s, d) => s + d, 0) / directions.length : null;
  const std = mean === null ? null : Math.sqrt(directions.reduce((s, d) => s + (d - mean) ** 2, 0) / directions.length);
  const scored = signals.flatMap((s) => {
    const from = closeAt(db, s.instrumentId, s.ts);
    const to = closeAt(db, s.instrumentId, s.ts + s.horizonMs);
    // Scored only once a bar past the horizon is recorded.
    if (from === null || to === null || (latestBarClose(db, s.instrumentId) ?? 0) < s.ts + s.horizonMs) return [];
    return [{ score: s.direction * s.confidence, move: to / from - 1 }];
  });
  const moved = scored.filter((s) => s.move !== 0 && s.score !== 0);
  return {
    modelId: model.id,
    status: model.status,
    reference: reference && { rows: reference.rows, source: reference.source, savedAt: reference.savedAt },
    rows,
    features,
    drifted: features.some((f) => f.psi > threshold),
    outputs: { count: directions.length, meanDirection: mean, stdDirection: std },
    hitRate: moved.length ? moved.filter((s) => Math.sign(s.score) === Math.sign(s.move)).length / moved.length : null,
    informationCoefficient: informationCoefficient(
      scored.map((s) => s.score),
      scored.map((s) => s.move),
    ),
    scored: scored.length,
  };
}
